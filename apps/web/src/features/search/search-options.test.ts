import { describe, expect, it } from 'vitest';
import { moveActive, searchGroups } from './search-options';

const answer = {
  groups: [
    { type: 'deal' as const, items: [{ id: 7, title: 'Projeto Horizonte', subtitle: null }], more: false },
    {
      type: 'contact' as const,
      items: [
        { id: 1, title: 'Maria Conceição', subtitle: '+55 31 99876-5432' },
        { id: 2, title: 'Mariana Teixeira', subtitle: null },
      ],
      more: true,
    },
  ],
};

describe('searchGroups', () => {
  it('keeps the server order and adds "more" where a type has more hits', () => {
    const groups = searchGroups(answer);
    expect(groups.map((group) => [group.type, group.plural])).toEqual([
      ['deal', 'deals'],
      ['contact', 'contacts'],
    ]);
    expect(groups[1].options.map((option) => option.key)).toEqual(['contact:1', 'contact:2', 'contact:more']);
    expect(groups[0].options.map((option) => option.kind)).toEqual(['hit']);
  });

  it('leaves out empty groups', () => {
    expect(searchGroups({ groups: [{ type: 'lead', items: [], more: false }] })).toEqual([]);
  });
});

describe('moveActive', () => {
  const options = searchGroups(answer).flatMap((group) => group.options);

  it('moves down and up, going round at either end', () => {
    expect(moveActive(options, 'deal:7', 1)).toBe('contact:1');
    expect(moveActive(options, 'contact:more', 1)).toBe('deal:7');
    expect(moveActive(options, 'deal:7', -1)).toBe('contact:more');
  });

  it('starts at the first (down) or the last (up) when nothing is active', () => {
    expect(moveActive(options, null, 1)).toBe('deal:7');
    expect(moveActive(options, null, -1)).toBe('contact:more');
    expect(moveActive([], null, 1)).toBeNull();
  });
});
