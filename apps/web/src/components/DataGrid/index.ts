export { DataGrid, type DataGridProps } from './DataGrid';
export { ColumnChooser, type ChoosableColumn, type ColumnChooserProps } from './ColumnChooser';
export { maxColumnWidth, minColumnWidth, type DataGridColumn, type GridSelection, type GridSort } from './types';
