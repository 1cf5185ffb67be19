import { Loader } from '@mantine/core';
import { useTable, type ColumnDef, type ColumnSizingState, type RowData, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './DataGrid.module.css';
import { DataGridHeader } from './DataGridHeader';
import { DataGridRow } from './DataGridRow';
import { gridFeatures as features, type GridFeatures as Features } from './gridTable';
import { maxColumnWidth, minColumnWidth, type DataGridColumn, type GridSelection, type GridSort } from './types';

/**
 * The grid's column model: order, visibility, widths (with drag-to-resize) and the sort, all held by TanStack Table.
 * The rows are not put through Table's row model: they come sorted and filtered by the server, page after page, and
 * rebuilding 100,000 Row objects on every page (≈ 90 ms) would stall the scroll; the grid draws the rows it is given,
 * a window of them at a time (TanStack Virtual), through the visible leaf columns.
 */
/** The first column: the row checkboxes, and in the header "select all" with the corner beside it. */
const controlCellWidth = 44;
const cornerWidth = 28;
const noRows: never[] = [];
const noValue = () => null;

export interface DataGridProps<T extends RowData> {
  /** The grid's accessible name. */
  label: string;
  rows: readonly T[];
  getRowId: (row: T) => string;
  /** A row's name for its checkbox ("Select Acme deal"). */
  getRowLabel?: (row: T) => string;
  /** Every column the grid may show. */
  columns: ReadonlyArray<DataGridColumn<T>>;
  /** The ids of the columns shown, in their order; the others are hidden. */
  visibleColumns: readonly string[];
  /** A column was resized (by the mouse, touch or keyboard): the widths of all columns, in px. */
  onColumnSizingChange?: (sizes: Record<string, number>) => void;
  sort: GridSort | null;
  onSortChange?: (sort: GridSort | null) => void;
  selection?: GridSelection;
  /** Enter on a row. */
  onRowOpen?: (row: T) => void;
  /** More rows exist after the last one given; onEndReached asks for them as the user nears the end. */
  hasMore?: boolean;
  loadingMore?: boolean;
  onEndReached?: () => void;
  /** How many rows there are in all (for assistive technology), when known. */
  rowCount?: number;
  rowHeight?: number;
  /** Drawn instead of the rows when there are none. */
  empty?: ReactNode;
  /** Beside the "select all" checkbox in the header's first cell (column settings). */
  corner?: ReactNode;
  /** Rows drawn above and below the visible window. */
  overscan?: number;
}

export function DataGrid<T extends RowData>(props: DataGridProps<T>) {
  const { t } = useTranslation('dataGrid');
  const { rows, columns, visibleColumns, sort, onSortChange, onColumnSizingChange, selection, hasMore = false, loadingMore = false, onEndReached, rowHeight = 40 } = props;

  const columnDefs = useMemo<Array<ColumnDef<Features, T>>>(
    // An accessor, though no row goes through Table: a column without one cannot be sorted.
    () => columns.map((column) => ({ id: column.id, accessorFn: noValue, header: column.header, size: column.size, minSize: minColumnWidth, maxSize: maxColumnWidth, enableSorting: Boolean(column.sortable), enableResizing: true })),
    [columns],
  );
  const byId = useMemo(() => new Map(columns.map((column) => [column.id, column])), [columns]);
  const columnOrder = useMemo(() => [...visibleColumns], [visibleColumns]);
  const columnVisibility = useMemo(() => {
    const shown = new Set(visibleColumns);
    return Object.fromEntries(columns.map((column) => [column.id, shown.has(column.id)]));
  }, [columns, visibleColumns]);
  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort.id, desc: sort.desc }] : []), [sort]);

  // Widths live here while a column is dragged; the owner hears of them when the drag ends.
  const sizesKey = columns.map((column) => `${column.id}:${column.size}`).join(',');
  const [sizing, setSizing] = useState<{ key: string; sizes: ColumnSizingState }>(() => ({ key: sizesKey, sizes: sizesOf(columns) }));
  const columnSizing = sizing.key === sizesKey ? sizing.sizes : sizesOf(columns);
  const setColumnSizing = useCallback(
    (updater: Updater<ColumnSizingState>) =>
      setSizing((previous) => {
        const base = previous.key === sizesKey ? previous.sizes : sizesOf(columns);
        return { key: sizesKey, sizes: typeof updater === 'function' ? updater(base) : updater };
      }),
    [sizesKey, columns],
  );

  const table = useTable<Features, T>({
    features,
    columns: columnDefs,
    data: noRows,
    manualSorting: true,
    enableMultiSort: false,
    columnResizeMode: 'onChange',
    state: { sorting, columnOrder, columnVisibility, columnSizing },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      onSortChange?.(next[0] ? { id: next[0].id, desc: next[0].desc } : null);
    },
    onColumnSizingChange: setColumnSizing,
  });

  const resizing = table.state.columnResizing.isResizingColumn;
  const wasResizing = useRef<string | false>(false);
  useEffect(() => {
    if (wasResizing.current && !resizing) onColumnSizingChange?.(clampAll(columnSizing));
    wasResizing.current = resizing;
  }, [resizing, columnSizing, onColumnSizingChange]);

  const onKeyboardResize = useCallback((sizes: ColumnSizingState) => onColumnSizingChange?.(clampAll(sizes)), [onColumnSizingChange]);

  const leafColumns = table.getVisibleLeafColumns();
  const visible = useMemo(() => leafColumns.map((column) => byId.get(column.id)).filter((c): c is DataGridColumn<T> => c !== undefined), [leafColumns, byId]);
  const controlWidth = (selection || props.corner ? controlCellWidth : 0) + (selection && props.corner ? cornerWidth : 0);
  const widths = leafColumns.map((column) => column.getSize());
  const totalWidth = controlWidth + widths.reduce((sum, width) => sum + width, 0);
  const widthVariables = Object.fromEntries(widths.map((width, index) => [`--dg-c${index}`, `${width}px`])) as CSSProperties;

  const scrollRef = useRef<HTMLDivElement>(null);
  const count = rows.length + (hasMore ? 1 : 0);
  // eslint-disable-next-line react-hooks/incompatible-library -- the app has no React Compiler; the virtualizer is read while rendering only
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: props.overscan ?? 8,
    // Rows are keyed by their place: pages only ever add rows at the end, and a key the virtualiser computes for each
    // of 100,000 rows on every page would cost a string apiece.
    useFlushSync: false,
  });
  // Rows coming into view are drawn in an interruptible render, a few at a time between frames: a fast scroll never
  // blocks the page for long; the rows already drawn stay as they are meanwhile.
  const items = useDeferredValue(virtualizer.getVirtualItems());
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

  // Ask for the next page while about twenty rows are still ahead, so the scroll rarely meets the loader.
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 20) onEndReached?.();
  }, [hasMore, loadingMore, lastIndex, rows.length, onEndReached]);

  // One row is in the tab order; the arrows move through the rows (scrolling the ones not drawn into view).
  const [focusIndex, setFocusIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const activeIndex = Math.min(focusIndex, Math.max(rows.length - 1, 0));
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  });

  const moveFocus = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    setFocusIndex(target);
    pendingFocus.current = target;
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const rowElement = (event.target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    if (!rowElement || rowElement !== event.target) return;
    const index = Number(rowElement.dataset.rowIndex);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveFocus(index + 1),
      ArrowUp: () => moveFocus(index - 1),
      PageDown: () => moveFocus(index + page),
      PageUp: () => moveFocus(index - page),
      Home: () => moveFocus(0),
      End: () => moveFocus(rows.length - 1),
      Enter: () => props.onRowOpen?.(rows[index]),
      ' ': () => selection?.onToggle(props.getRowId(rows[index]), !(selection.all || selection.isSelected(props.getRowId(rows[index])))),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const rowCount = props.rowCount ?? rows.length;
  return (
    <div
      ref={scrollRef}
      className={classes.scroller}
      role="table"
      aria-label={props.label}
      aria-rowcount={rowCount + 1}
      aria-busy={loadingMore || undefined}
      style={widthVariables}
      onKeyDown={onKeyDown}
    >
      <DataGridHeader
        table={table}
        columns={visible}
        controlWidth={controlWidth}
        totalWidth={totalWidth}
        selection={selection}
        loadedCount={rows.length}
        corner={props.corner}
        onResized={onKeyboardResize}
      />
      {rows.length === 0 && !hasMore ? (
        <div className={classes.empty} role="row">
          <div role="cell">{props.empty}</div>
        </div>
      ) : (
        <div className={classes.body} role="rowgroup" style={{ height: virtualizer.getTotalSize(), width: totalWidth }}>
          {items.map((item) => {
            if (item.index >= rows.length) {
              return (
                <div key={item.key} className={classes.loaderRow} role="row" style={{ height: item.size, transform: `translateY(${item.start}px)`, width: totalWidth }}>
                  <div role="cell">
                    <Loader size="xs" aria-hidden /> {t('loadingMore')}
                  </div>
                </div>
              );
            }
            const row = rows[item.index];
            const id = props.getRowId(row);
            return (
              <DataGridRow
                key={item.key}
                row={row}
                id={id}
                index={item.index}
                start={item.start}
                height={item.size}
                width={totalWidth}
                columns={visible}
                controlWidth={controlWidth}
                label={props.getRowLabel?.(row) ?? id}
                selected={selection ? selection.all || selection.isSelected(id) : undefined}
                onToggle={selection?.onToggle}
                tabbable={item.index === activeIndex}
                onFocusRow={setFocusIndex}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}

function sizesOf(columns: ReadonlyArray<{ id: string; size: number }>): ColumnSizingState {
  return Object.fromEntries(columns.map((column) => [column.id, column.size]));
}

function clampAll(sizes: ColumnSizingState): Record<string, number> {
  return Object.fromEntries(Object.entries(sizes).map(([id, size]) => [id, Math.round(Math.min(maxColumnWidth, Math.max(minColumnWidth, size)))]));
}
