import { useSyncExternalStore } from 'react';

/**
 * What the list of a type has ticked, for the toolbar's export (the list and the toolbar are siblings): the list
 * publishes its selection here, the export dialog reads it. `all`: "all that match" (the filter, as exported anyway).
 */
export interface ListSelection {
  all: boolean;
  ids: number[];
}

const empty: ListSelection = { all: false, ids: [] };
const selections = new Map<string, ListSelection>();
const listeners = new Set<() => void>();

export function publishSelection(plural: string, selection: ListSelection | null) {
  if (selection && (selection.all || selection.ids.length > 0)) selections.set(plural, selection);
  else selections.delete(plural);
  for (const listener of listeners) listener();
}

export function useListSelection(plural: string): ListSelection {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => selections.get(plural) ?? empty,
  );
}
