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

/** The longest piece of a word the trigram index is asked for: four trigrams find a row quickly, more cost more. */
export const pieceLength = 6;

/**
 * The piece of a (folded) word the trigram index is asked for; the whole word is then checked on the rows found.
 * Long words have many trigrams, and those of common endings (`.com.br`, `silva`) are in a large share of the rows:
 * an index reads every trigram's list, so it is asked for the six characters likeliest to be rare: the most digits
 * and other signs, and letters next to digits (`s57.co` in `transportes57.com.br`); the last such piece (a phone's
 * area code comes first, its own digits later). `alphanumeric`: the piece has letters and digits only (pg_trgm breaks words at other
 * characters and pads the trigrams at the breaks, which are in nearly every row); a word without three of them in a
 * row goes whole.
 */
export function indexPiece(word: string, alphanumeric = false): string {
  const chars = [...word];
  const runs = alphanumeric ? (word.match(/[\p{L}\p{N}]+/gu) ?? []).map((run) => [...run]).filter((run) => run.length >= minIndexedLength) : [chars];
  let best = { text: word, score: -1 };
  for (const run of runs) {
    const size = Math.min(pieceLength, run.length);
    for (let start = 0; start + size <= run.length; start++) {
      const piece = run.slice(start, start + size);
      if (rarity(piece) >= best.score) best = { text: piece.join(''), score: rarity(piece) };
    }
  }
  return best.text;
}

const isDigit = (c: string) => /\p{N}/u.test(c);
const isLetter = (c: string) => /\p{L}/u.test(c);

/** How rare a piece looks: digits count 2, other signs 1, a letter beside a digit 1 more. */
function rarity(piece: string[]): number {
  let score = 0;
  for (const [index, c] of piece.entries()) {
    score += isDigit(c) ? 2 : isLetter(c) ? 0 : 1;
    if (index > 0 && isDigit(c) !== isDigit(piece[index - 1]) && (isLetter(c) || isLetter(piece[index - 1]))) score += 1;
  }
  return score;
}
