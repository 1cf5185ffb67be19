/**
 * What to mark in a search hit so the user sees why it matched. Mantine's Highlight already ignores case and accents
 * ("conceicao" marks "Conceição"); phone numbers need more: the server matches a query made of digits on the digits
 * alone, so "998765432" found "+55 31 99876-5432" and the mark must cover "99876-5432", punctuation included.
 */

const phoneQuery = /^[\d\s+\-().]+$/;
const phonePunctuation = '[\\s+\\-().]*';

/** The substrings of `text` to mark for `query`: the whole query, each word of two characters or more, phone digits. */
export function highlightTerms(text: string, query: string): string[] {
  const trimmed = query.trim();
  if (trimmed === '') return [];
  const terms = new Set<string>([trimmed]);
  for (const word of trimmed.split(/\s+/)) if (word.length >= 2) terms.add(word);
  const digits = trimmed.replace(/\D/g, '');
  if (phoneQuery.test(trimmed) && digits.length >= 2) {
    const pattern = new RegExp(digits.split('').join(phonePunctuation), 'g');
    for (const match of text.matchAll(pattern)) terms.add(match[0]);
  }
  return [...terms];
}
