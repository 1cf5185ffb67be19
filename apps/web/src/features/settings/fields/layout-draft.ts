import type { CardLayout } from '../../../api/types';

/** The card layout being arranged: sections in order, each with its fields in order, and the hidden fields. */
export interface DraftSection {
  id: string;
  title: { en: string; 'pt-BR': string };
  fields: string[];
}

export interface LayoutDraft {
  sections: DraftSection[];
  hidden: string[];
}

/** The container of the hidden fields, beside the sections' ids (`a-z 0-9 _ -`, so no section can take it). */
export const hiddenContainer = ':hidden';

export function draftOf(layout: Pick<CardLayout, 'sections' | 'hidden'>): LayoutDraft {
  return { sections: layout.sections.map((section) => ({ id: section.id, title: { ...section.title }, fields: [...section.fields] })), hidden: [...layout.hidden] };
}

/** The section id holding `field`, `hiddenContainer`, or undefined. */
export function containerOf(draft: LayoutDraft, field: string): string | undefined {
  if (draft.hidden.includes(field)) return hiddenContainer;
  return draft.sections.find((section) => section.fields.includes(field))?.id;
}

export function fieldsOf(draft: LayoutDraft, container: string): string[] {
  return container === hiddenContainer ? draft.hidden : (draft.sections.find((section) => section.id === container)?.fields ?? []);
}

/** `field` taken from where it is and put in `container` at `index` (the end when index is past it). */
export function moveField(draft: LayoutDraft, field: string, container: string, index = Number.MAX_SAFE_INTEGER): LayoutDraft {
  const without = (fields: string[]) => fields.filter((name) => name !== field);
  const insert = (fields: string[]) => {
    const rest = without(fields);
    const at = Math.max(0, Math.min(index, rest.length));
    return [...rest.slice(0, at), field, ...rest.slice(at)];
  };
  return {
    sections: draft.sections.map((section) => ({ ...section, fields: section.id === container ? insert(section.fields) : without(section.fields) })),
    hidden: container === hiddenContainer ? insert(draft.hidden) : without(draft.hidden),
  };
}

export function moveSection(draft: LayoutDraft, id: string, offset: -1 | 1): LayoutDraft {
  const from = draft.sections.findIndex((section) => section.id === id);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= draft.sections.length) return draft;
  const sections = [...draft.sections];
  [sections[from], sections[to]] = [sections[to], sections[from]];
  return { ...draft, sections };
}

export function renameSection(draft: LayoutDraft, id: string, title: DraftSection['title']): LayoutDraft {
  return { ...draft, sections: draft.sections.map((section) => (section.id === id ? { ...section, title } : section)) };
}

/** A new empty section at the end, with an id no other section has. */
export function addSection(draft: LayoutDraft, title: DraftSection['title']): { draft: LayoutDraft; id: string } {
  const ids = new Set(draft.sections.map((section) => section.id));
  let n = draft.sections.length + 1;
  while (ids.has(`section-${n}`)) n++;
  const id = `section-${n}`;
  return { draft: { ...draft, sections: [...draft.sections, { id, title, fields: [] }] }, id };
}

/** Removes a section; its fields go to the end of the section before it (after it for the first). A card keeps one section. */
export function removeSection(draft: LayoutDraft, id: string): LayoutDraft {
  const index = draft.sections.findIndex((section) => section.id === id);
  if (index < 0 || draft.sections.length === 1) return draft;
  const heir = draft.sections[index === 0 ? 1 : index - 1];
  const moved = draft.sections[index].fields;
  return { ...draft, sections: draft.sections.filter((section) => section.id !== id).map((section) => (section.id === heir.id ? { ...section, fields: [...section.fields, ...moved] } : section)) };
}

export function sameDraft(a: LayoutDraft, b: LayoutDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Where the API's problems with a saved draft belong: a field, a section, the hidden fields, or the whole layout. */
export interface LayoutProblems {
  fields: Record<string, string>;
  sections: Record<string, string>;
  hidden?: string;
  general: string[];
}

/** Sorts the API's messages by path (`sections.1.fields.3`, `hidden.0`, `sections.2.title.en`) onto the draft that was sent. */
export function placeProblems(sent: LayoutDraft, issues: Record<string, string>): LayoutProblems {
  const problems: LayoutProblems = { fields: {}, sections: {}, general: [] };
  for (const [path, message] of Object.entries(issues)) {
    const field = /^sections\.(\d+)\.fields\.(\d+)$/.exec(path);
    const section = /^sections\.(\d+)(\..*)?$/.exec(path);
    const hidden = /^hidden\.(\d+)$/.exec(path);
    const name = field ? sent.sections[Number(field[1])]?.fields[Number(field[2])] : hidden ? sent.hidden[Number(hidden[1])] : undefined;
    if (name !== undefined) problems.fields[name] ??= message;
    else if (section && sent.sections[Number(section[1])]) problems.sections[sent.sections[Number(section[1])].id] ??= message;
    else if (path === 'hidden') problems.hidden = message;
    else problems.general.push(message);
  }
  return problems;
}
