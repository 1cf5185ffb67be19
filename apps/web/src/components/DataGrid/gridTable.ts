import { columnOrderingFeature, columnResizingFeature, columnSizingFeature, columnVisibilityFeature, rowSortingFeature, tableFeatures, type ReactTable, type RowData } from '@tanstack/react-table';

/** What the grid asks of TanStack Table: the column model (order, visibility, widths, resizing) and the sort state. */
export const gridFeatures = tableFeatures({ columnSizingFeature, columnResizingFeature, columnOrderingFeature, columnVisibilityFeature, rowSortingFeature });
export type GridFeatures = typeof gridFeatures;
export type GridTable<T extends RowData> = ReactTable<GridFeatures, T>;
