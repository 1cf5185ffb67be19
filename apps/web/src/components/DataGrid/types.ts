import type { ReactNode } from 'react';

/** One column the grid can show: what it is called, how a cell draws, how wide it starts. */
export interface DataGridColumn<T> {
  id: string;
  /** The header's text (also the name of its sort button and resize handle). */
  header: string;
  cell: (row: T) => ReactNode;
  /** Clicking the header sorts by it. */
  sortable?: boolean;
  /** Width in px. */
  size: number;
}

/** The order the rows come in: one column, ascending or descending; null is the data's own order. */
export interface GridSort {
  id: string;
  desc: boolean;
}

/** Rows ticked by their ids; `all` means every row there is (loaded or not). */
export interface GridSelection {
  isSelected: (id: string) => boolean;
  /** Every row is selected (also the ones not loaded yet). */
  all: boolean;
  /** How many of the loaded rows are ticked (for the header checkbox). */
  loadedCount: number;
  onToggle: (id: string, selected: boolean) => void;
  /** The header checkbox: tick or untick every loaded row. */
  onToggleLoaded: (selected: boolean) => void;
}

export const minColumnWidth = 40;
export const maxColumnWidth = 1000;
