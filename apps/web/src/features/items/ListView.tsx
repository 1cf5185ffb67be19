import type { FilterTerm, TypeMeta } from '../../api/types';

export interface ListViewProps {
  type: TypeMeta;
  filter: FilterTerm[];
  search: string | undefined;
}

/** The list of one type: built in features/items. */
export function ListView(_props: ListViewProps) {
  return null;
}
