import { Checkbox, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { memo, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './DataGrid.module.css';
import type { RowData } from '@tanstack/react-table';
import type { GridTable } from './gridTable';
import { maxColumnWidth, minColumnWidth, type DataGridColumn, type GridSelection } from './types';

interface Props<T extends RowData> {
  table: GridTable<T>;
  columns: ReadonlyArray<DataGridColumn<T>>;
  controlWidth: number;
  totalWidth: number;
  selection?: GridSelection;
  loadedCount: number;
  corner?: ReactNode;
  /** A keyboard resize (the mouse's ends through the table's resizing state). */
  onResized: (sizes: Record<string, number>) => void;
}

const keyboardStep = 16;

/** The sticky header: "select all" and the corner, then one cell per visible column with its sort button and resize handle. */
function GridHeader<T extends RowData>({ table, columns, controlWidth, totalWidth, selection, loadedCount, corner, onResized }: Props<T>) {
  const { t } = useTranslation('dataGrid');
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const byId = new Map(columns.map((column) => [column.id, column]));
  const allLoaded = selection ? selection.all || (loadedCount > 0 && selection.loadedCount === loadedCount) : false;
  const someLoaded = selection ? !allLoaded && selection.loadedCount > 0 : false;

  const cycleSort = (id: string, sorted: false | 'asc' | 'desc') => {
    const next = sorted === false ? [{ id, desc: false }] : sorted === 'asc' ? [{ id, desc: true }] : [];
    table.setSorting(next);
  };

  const resizeByKeyboard = (event: KeyboardEvent, id: string, size: number) => {
    const delta = event.key === 'ArrowRight' ? keyboardStep : event.key === 'ArrowLeft' ? -keyboardStep : 0;
    if (delta === 0) return;
    event.preventDefault();
    event.stopPropagation();
    const next = Math.min(maxColumnWidth, Math.max(minColumnWidth, size + delta));
    const sizes = { ...table.state.columnSizing, [id]: next };
    table.setColumnSizing(sizes);
    onResized(sizes);
  };

  return (
    <div className={classes.header} role="rowgroup" style={{ width: totalWidth }}>
      <div role="row" aria-rowindex={1} style={{ display: 'flex' }}>
        {controlWidth > 0 && (
          <div className={`${classes.headerCell} ${classes.controlCell} ${classes.sticky}`} role="columnheader" style={{ width: controlWidth, left: 0, justifyContent: 'flex-end', paddingRight: 12, gap: 6 }}>
            {corner}
            {selection && (
              <Checkbox
                size="xs"
                aria-label={t('selectLoaded')}
                checked={allLoaded}
                indeterminate={someLoaded}
                onChange={(event) => selection.onToggleLoaded(event.currentTarget.checked)}
              />
            )}
          </div>
        )}
        {headers.map((header, index) => {
          const column = byId.get(header.column.id);
          if (!column) return null;
          const sorted = header.column.getIsSorted();
          const sortable = header.column.getCanSort();
          const resizeHandler = header.getResizeHandler();
          const first = index === 0;
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : sortable ? 'none' : undefined}
              className={`${classes.headerCell} ${first ? `${classes.sticky} ${classes.stickyEdge}` : ''}`}
              style={{ width: `var(--dg-c${index})`, left: first ? controlWidth : undefined }}
            >
              {sortable ? (
                <UnstyledButton
                  className={classes.sortButton}
                  onClick={() => cycleSort(header.column.id, sorted)}
                  title={sorted === 'asc' ? t('sortDescending') : sorted === 'desc' ? t('sortNone') : t('sortAscending')}
                >
                  <span className={classes.headerLabel}>{column.header}</span>
                  {sorted === 'asc' ? <IconArrowUp size={14} aria-hidden /> : sorted === 'desc' ? <IconArrowDown size={14} aria-hidden /> : <IconArrowsSort size={14} aria-hidden opacity={0.35} />}
                </UnstyledButton>
              ) : (
                <span className={classes.headerLabel}>{column.header}</span>
              )}
              <div
                role="separator"
                aria-orientation="vertical"
                aria-label={t('resize', { column: column.header })}
                aria-valuenow={header.getSize()}
                aria-valuemin={minColumnWidth}
                aria-valuemax={maxColumnWidth}
                tabIndex={0}
                className={`${classes.resizer} ${header.column.getIsResizing() ? classes.resizing : ''}`}
                onMouseDown={resizeHandler}
                onTouchStart={resizeHandler}
                onKeyDown={(event) => resizeByKeyboard(event, header.column.id, header.getSize())}
                onClick={(event) => event.stopPropagation()}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Redrawn when the columns, their widths, the sort or the selection change; not as the rows scroll. */
export const DataGridHeader = memo(GridHeader) as typeof GridHeader;
