import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Item } from '../../../api/types';

/** Rows ticked (with the version each was read at), or every row that matches the filter. */
export interface Selection {
  all: boolean;
  /** Rows ticked one by one: id → version. */
  items: ReadonlyMap<string, number>;
  /** How many rows are ticked one by one. */
  count: number;
  empty: boolean;
  isSelected: (id: string) => boolean;
  toggle: (id: string, selected: boolean) => void;
  toggleLoaded: (selected: boolean) => void;
  /** "Select all N that match". */
  selectAll: () => void;
  clear: () => void;
}

interface State {
  key: string;
  all: boolean;
  items: ReadonlyMap<string, number>;
}

const none: ReadonlyMap<string, number> = new Map();

/** The selection of a list; it starts over when `resetKey` (the filter, search and sort) changes. */
export function useSelection(rows: readonly Item[], resetKey: string): Selection {
  const [state, setState] = useState<State>({ key: resetKey, all: false, items: none });
  const current = state.key === resetKey ? state : { key: resetKey, all: false, items: none };
  if (state.key !== resetKey) setState(current);

  // The rows are read when a box is ticked, not on every page: the callbacks stay the same while pages come, so the
  // rows on screen are not redrawn for them.
  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  const toggle = useCallback(
    (id: string, selected: boolean) =>
      setState((previous) => {
        const items = new Map(previous.all ? versionsOf(rowsRef.current) : previous.items);
        if (selected) items.set(id, rowsRef.current.find((row) => String(row.id) === id)?.version ?? 0);
        else items.delete(id);
        return { ...previous, all: false, items };
      }),
    [],
  );
  const toggleLoaded = useCallback((selected: boolean) => setState((previous) => ({ ...previous, all: false, items: selected ? versionsOf(rowsRef.current) : none })), []);
  const selectAll = useCallback(() => setState((previous) => ({ ...previous, all: true, items: none })), []);
  const clear = useCallback(() => setState((previous) => ({ ...previous, all: false, items: none })), []);

  return useMemo(
    () => ({
      all: current.all,
      items: current.items,
      count: current.items.size,
      empty: !current.all && current.items.size === 0,
      isSelected: (id: string) => current.all || current.items.has(id),
      toggle,
      toggleLoaded,
      selectAll,
      clear,
    }),
    [current.all, current.items, toggle, toggleLoaded, selectAll, clear],
  );
}

function versionsOf(rows: readonly Item[]): Map<string, number> {
  return new Map(rows.map((row) => [String(row.id), row.version]));
}
