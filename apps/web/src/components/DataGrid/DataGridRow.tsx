import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './DataGrid.module.css';
import type { DataGridColumn } from './types';

interface Props<T> {
  row: T;
  id: string;
  index: number;
  start: number;
  height: number;
  width: number;
  columns: ReadonlyArray<DataGridColumn<T>>;
  controlWidth: number;
  label: string;
  /** Undefined when rows cannot be selected. */
  selected: boolean | undefined;
  onToggle?: (id: string, selected: boolean) => void;
  /** The one row in the tab order. */
  tabbable: boolean;
  onFocusRow: (index: number) => void;
}

function GridRow<T>({ row, id, index, start, height, width, columns, controlWidth, label, selected, onToggle, tabbable, onFocusRow }: Props<T>) {
  const { t } = useTranslation('dataGrid');
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-row-index={index}
      tabIndex={tabbable ? 0 : -1}
      className={classes.row}
      style={{ height, width, transform: `translateY(${start}px)` }}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow(index);
      }}
    >
      {/* The checkbox and the first column stick to the left as one block: one layer per row for the browser to
          composite while scrolling, not two. */}
      <div role="none" className={classes.pinned}>
        {controlWidth > 0 && (
          <div role="cell" className={`${classes.cell} ${classes.controlCell}`} style={{ width: controlWidth, justifyContent: 'flex-end', paddingRight: 12 }}>
            {selected !== undefined && onToggle && (
              // A plain checkbox: a row is drawn many times a second while scrolling.
              <input type="checkbox" className={classes.checkbox} tabIndex={-1} aria-label={t('selectRow', { label })} checked={selected} onChange={(event) => onToggle(id, event.currentTarget.checked)} />
            )}
          </div>
        )}
        {columns[0] && (
          <div role="cell" className={`${classes.cell} ${classes.stickyEdge}`} style={{ width: 'var(--dg-c0)' }}>
            {columns[0].cell(row)}
          </div>
        )}
      </div>
      {columns.slice(1).map((column, index) => (
        <div key={column.id} role="cell" className={classes.cell} style={{ width: `var(--dg-c${index + 1})` }}>
          {column.cell(row)}
        </div>
      ))}
    </div>
  );
}

/** One row: redrawn only when its data, its columns, its selection or its place in the tab order change. */
export const DataGridRow = memo(GridRow) as typeof GridRow;
