import { describe, expect, it } from 'vitest';
import { addSection, hiddenContainer, moveField, moveSection, placeProblems, removeSection, type LayoutDraft } from './layout-draft';

const title = (text: string) => ({ en: text, 'pt-BR': text });
const draft: LayoutDraft = {
  sections: [
    { id: 'main', title: title('Sobre'), fields: ['title', 'opportunity', 'source'] },
    { id: 'custom', title: title('Personalizados'), fields: ['ufCrmPriority'] },
  ],
  hidden: ['comments'],
};

describe('the card layout draft', () => {
  it('moves a field within a section like arrayMove, both ways', () => {
    expect(moveField(draft, 'title', 'main', 2).sections[0].fields).toEqual(['opportunity', 'source', 'title']);
    expect(moveField(draft, 'source', 'main', 0).sections[0].fields).toEqual(['source', 'title', 'opportunity']);
  });

  it('moves a field between sections and to and from the hidden ones, never leaving it twice', () => {
    const moved = moveField(draft, 'ufCrmPriority', 'main', 1);
    expect(moved.sections.map((s) => s.fields)).toEqual([['title', 'ufCrmPriority', 'opportunity', 'source'], []]);
    const hidden = moveField(moved, 'source', hiddenContainer);
    expect(hidden.hidden).toEqual(['comments', 'source']);
    expect(hidden.sections[0].fields).not.toContain('source');
    const shown = moveField(hidden, 'comments', 'custom');
    expect(shown.hidden).toEqual(['source']);
    expect(shown.sections[1].fields).toEqual(['comments']);
    expect(draft.sections[1].fields).toEqual(['ufCrmPriority']);
  });

  it('moves sections, adds one with a free id, and a removed section hands its fields to the one before it', () => {
    expect(moveSection(draft, 'custom', -1).sections.map((s) => s.id)).toEqual(['custom', 'main']);
    expect(moveSection(draft, 'main', -1)).toBe(draft);
    const added = addSection({ ...draft, sections: [...draft.sections, { id: 'section-3', title: title('x'), fields: [] }] }, title('Nova'));
    expect(added.id).toBe('section-4');
    expect(removeSection(draft, 'custom').sections).toEqual([{ id: 'main', title: title('Sobre'), fields: ['title', 'opportunity', 'source', 'ufCrmPriority'] }]);
    expect(removeSection(draft, 'main').sections).toEqual([{ id: 'custom', title: title('Personalizados'), fields: ['ufCrmPriority', 'title', 'opportunity', 'source'] }]);
    const one = removeSection(draft, 'main');
    expect(removeSection(one, 'custom')).toBe(one);
  });

  it('puts the API’s problems at the field, the section or the hidden list of the draft that was sent', () => {
    const problems = placeProblems(draft, {
      'sections.0.fields.2': 'Fonte: duplicado',
      'hidden.0': 'Campos obrigatórios não podem ser ocultados',
      'sections.1.title.en': 'Muito longo',
      hidden: 'Mantenha um nome',
      sections: 'Pelo menos uma seção',
    });
    expect(problems).toEqual({
      fields: { source: 'Fonte: duplicado', comments: 'Campos obrigatórios não podem ser ocultados' },
      sections: { custom: 'Muito longo' },
      hidden: 'Mantenha um nome',
      general: ['Pelo menos uma seção'],
    });
  });
});
