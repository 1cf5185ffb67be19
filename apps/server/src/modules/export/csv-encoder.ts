import type { Locale } from '@vinculo/shared';
import type { BatchCells } from './export-values.ts';

/**
 * CSV in the exchange format: UTF-8 with a BOM, `;` between cells for a pt-BR exporter (Excel pt-BR opens it as
 * columns) and `,` in English, CRLF line ends, a cell quoted (RFC 4180, inner quotes doubled) when it holds the
 * delimiter, a quote or a line break. Every cell is neutralised (R6).
 */

export const csvBom = Buffer.from([0xef, 0xbb, 0xbf]);

export const csvDelimiter = (locale: Locale) => (locale === 'pt-BR' ? ';' : ',');

/** Characters that make a spreadsheet read a cell as a formula (or split it): such a cell gets a leading `'` (R6). */
const formulaStart = /^[=+\-@\t\r]/;

/** The text a cell is written as, so no spreadsheet runs it; the importer strips the one leading `'` again. */
export const neutralise = (text: string) => (formulaStart.test(text) ? `'${text}` : text);

const quotedIn = { ';': /[;"\r\n]/, ',': /[,"\r\n]/ } as Record<string, RegExp>;

export function csvLine(cells: Array<string | null>, delimiter: string): string {
  const needsQuotes = quotedIn[delimiter];
  let line = '';
  for (let index = 0; index < cells.length; index++) {
    if (index > 0) line += delimiter;
    const value = cells[index];
    if (value === null || value === '') continue;
    const first = value.charCodeAt(0);
    // = + - @ TAB CR: neutralised (R6), as `neutralise` does, without a regular expression per cell.
    const text = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${value}` : value;
    line += needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
  return `${line}\r\n`;
}

/**
 * The bytes of a batch's rows, each read into one reused array of cells and written as `csvLine` writes it. Each
 * line goes into the buffer as soon as it is made: the batch as one string (a rope of a quarter of a million pieces)
 * lived long enough to be copied by the garbage collector, then cost as much again to flatten.
 */
export function csvBatch(batch: BatchCells, width: number, delimiter: string, bytesHint = 0): Buffer {
  const needsQuotes = quotedIn[delimiter];
  const cells: Array<string | null> = new Array(width).fill(null);
  // `runs[n]`: n delimiters, owed before a cell; `ends[n]`: the line's end when n are owed after its last cell (one
  // of them counts the cell that would come after the last).
  const runs = Array.from({ length: width + 1 }, (_, n) => delimiter.repeat(n));
  const ends = runs.map((_, n) => `${delimiter.repeat(Math.max(n - 1, 0))}\r\n`);
  let buffer = Buffer.allocUnsafe(Math.max(bytesHint, 64 * 1024));
  let offset = 0;
  for (let row = 0; row < batch.count; row++) {
    batch.fill(row, cells);
    // The delimiters before a cell are added with it, a run at a time: a row is mostly empty cells (multi-value
    // columns), and a string added per delimiter was most of the garbage.
    let line = '';
    let owed = 0;
    for (let index = 0; index < width; index++) {
      const value = cells[index];
      if (value === null || value === '') {
        owed++;
        continue;
      }
      const first = value.charCodeAt(0);
      const cell = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${value}` : value;
      if (index > 0) line += runs[owed];
      line += needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
      owed = 1;
    }
    line += ends[owed];
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (offset + line.length * 3 > buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, offset + line.length * 3));
      buffer.copy(larger, 0, 0, offset);
      buffer = larger;
    }
    offset += buffer.write(line, offset);
  }
  return buffer.subarray(0, offset);
}
