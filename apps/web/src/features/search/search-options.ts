import type { SearchAnswer, SearchHit } from '../../api/types';
import type { ItemPlural } from '../../app/router';

export type SearchTypeName = SearchAnswer['groups'][number]['type'];

export const pluralOf: Record<SearchTypeName, ItemPlural> = { lead: 'leads', deal: 'deals', contact: 'contacts', company: 'companies' };

/** One row the keyboard can reach: an item found, or "all results in Contacts" at the end of a group. */
export type SearchOption = { key: string; plural: ItemPlural } & ({ kind: 'hit'; hit: SearchHit } | { kind: 'more' });

export interface SearchGroup {
  type: SearchTypeName;
  plural: ItemPlural;
  options: SearchOption[];
}

/** The answer's groups (in the server's order) with a "more" option where the type has more hits than shown. */
export function searchGroups(answer: SearchAnswer): SearchGroup[] {
  return answer.groups
    .filter((group) => group.items.length > 0 && group.type in pluralOf)
    .map((group) => {
      const plural = pluralOf[group.type];
      const options: SearchOption[] = group.items.map((hit) => ({ kind: 'hit', key: `${group.type}:${hit.id}`, plural, hit }));
      if (group.more) options.push({ kind: 'more', key: `${group.type}:more`, plural });
      return { type: group.type, plural, options };
    });
}

/** The option after (step 1) or before (step -1) the active one, going round at either end. */
export function moveActive(options: SearchOption[], activeKey: string | null, step: 1 | -1): string | null {
  if (options.length === 0) return null;
  const index = options.findIndex((option) => option.key === activeKey);
  if (index < 0) return options[step === 1 ? 0 : options.length - 1].key;
  return options[(index + step + options.length) % options.length].key;
}
