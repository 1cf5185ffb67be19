/**
 * Text as people sort and match it: case and accents folded, so `Conceição`, `CONCEIÇÃO` and `conceicao` are the
 * same word and `Álvaro` sorts beside `alvaro`. Both databases compare folded text byte by byte, so the order is
 * the same on SQLite and PostgreSQL.
 */
export function foldText(text: string): string {
  // Most names are plain ASCII: lower case is all they need.
  return nonAscii.test(text) ? text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() : text.toLowerCase();
}

const nonAscii = /[^\x20-\x7e\t\n\r]/;
