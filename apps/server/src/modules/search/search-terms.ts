import { foldText } from '@vinculo/shared';

/**
 * What a search text asks for, folded as the index is (`Conceição` → `conceicao`). A text made only of digits and
 * phone punctuation (`(31) 99876-5432`, `+55 31 9876.5432`) is a phone: one word of its digits, as phones are indexed.
 * Otherwise each word separated by spaces must be found; the trigram index finds words of three characters or more,
 * shorter ones are checked on what it found. With no word that long, a search matches the start of titles only.
 */

export interface SearchTerms {
  /** The whole text folded, spaces collapsed: what titles are compared with (equal to it, or starting with it). */
  text: string;
  /** Words of three characters or more. */
  indexed: string[];
  /** Shorter words. */
  short: string[];
}

/** The fewest characters the trigram index can find. */
export const minIndexedLength = 3;

const phoneText = /^[\d\s+\-().]+$/;

export function searchTerms(query: string): SearchTerms {
  const folded = foldText(query).trim().replace(/\s+/g, ' ');
  const isPhone = phoneText.test(folded) && /\d/.test(folded);
  const text = isPhone ? folded.replace(/\D/g, '') : folded;
  const words = isPhone ? [text] : [...new Set(text.split(' '))];
  return {
    text,
    indexed: words.filter((word) => [...word].length >= minIndexedLength),
    short: words.filter((word) => [...word].length < minIndexedLength),
  };
}
