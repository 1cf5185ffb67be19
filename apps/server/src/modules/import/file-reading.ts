import type { Readable } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import type ExcelJS from 'exceljs';

/**
 * Reading an import file as rows of text, whatever wrote it: CSV in UTF-8 (with or without a BOM), Windows-1252 or
 * UTF-16, with `;`, `,` or tab between values (a Bitrix24 export: BOM, every value quoted, a `;` after every value),
 * an XLSX workbook (its first sheet), or Bitrix24's "Excel" export, which is an HTML table saved as `.xls` (its
 * first table). Everything is streamed: a file of a million rows is read with flat memory.
 */

export type FileFormat = 'csv' | 'xlsx' | 'html';

export interface FileShape {
  format: FileFormat;
  /** CSV and HTML: the text encoding (a WHATWG encoding label); CSV: the delimiter. */
  encoding?: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  delimiter?: string;
}

/** A file's bytes, from the start, as often as asked (reading twice: the preview, then the import). */
export type ByteSource = () => Readable;

/** A file the reader refuses, with the reason its user is told (`import.file.<code>`). */
export class UnreadableFile extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  constructor(code: string, params: Record<string, string | number> = {}) {
    super(code);
    this.code = code;
    this.params = params;
  }
}

/** The most columns a file may have: more is not a CRM export but a mistake, refused before any work. */
export const maxColumns = 1000;
/** The most characters one row may hold (a cell of a million characters fits; a runaway quote does not). */
export const maxRowChars = 8 * 1024 * 1024;

const sampleBytes = 64 * 1024;

/** Looks at the first bytes: the format, and for CSV the encoding and the delimiter. */
export async function detectShape(source: ByteSource): Promise<FileShape> {
  const head = await readHead(source(), sampleBytes);
  if (head.length === 0) throw new UnreadableFile('empty');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx' };
  const encoding = detectEncoding(head);
  const text = decodeSample(head, encoding);
  if (/^\s*<(!doctype|html|head|body|table|meta)/i.test(text)) {
    if (!/<table[\s>]/i.test(text)) throw new UnreadableFile('htmlTable');
    return { format: 'html', encoding };
  }
  return { format: 'csv', encoding, delimiter: detectDelimiter(text) };
}

async function readHead(stream: Readable, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

function detectEncoding(head: Buffer): NonNullable<FileShape['encoding']> {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a byte order mark: ASCII text leaves every other byte zero.
  let evenZeros = 0;
  let oddZeros = 0;
  const probe = Math.min(head.length, 4096);
  for (let i = 0; i < probe; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  if (oddZeros > probe / 4 && evenZeros < probe / 50) return 'utf-16le';
  if (evenZeros > probe / 4 && oddZeros < probe / 50) return 'utf-16be';
  // Valid UTF-8 is read as UTF-8; anything else is the Windows code page Excel and old Bitrix24 installs write.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialCharacter(head));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The sample without a UTF-8 character cut in two at its end. */
function trimPartialCharacter(head: Buffer): Buffer {
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  return head.subarray(0, end);
}

function decodeSample(head: Buffer, encoding: NonNullable<FileShape['encoding']>): string {
  const bytes = encoding === 'utf-8' ? trimPartialCharacter(head) : head;
  return new TextDecoder(encoding).decode(bytes).replace(/^\uFEFF/, '');
}

/** The delimiter the header line uses most, outside quotes: `;`, `,` or tab (`,` when there is only one column). */
export function detectDelimiter(text: string): string {
  const counts = new Map([[';', 0], [',', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** The rows of a file as text cells, the header first. XLSX values are written as the CSV of an export would be. */
export async function* readRows(source: ByteSource, shape: FileShape): AsyncGenerator<string[]> {
  const rows = shape.format === 'xlsx' ? xlsxRows(source()) : shape.format === 'html' ? htmlRows(source(), shape) : csvRows(source(), shape);
  let width: number | undefined;
  for await (const row of rows) {
    if (row.every((cell) => cell.trim() === '')) continue;
    if (width === undefined) {
      if (row.length > maxColumns) throw new UnreadableFile('tooManyColumns', { columns: row.length, max: maxColumns });
      width = row.length;
    }
    yield row;
  }
  if (width === undefined) throw new UnreadableFile('empty');
}

async function* csvRows(stream: Readable, shape: FileShape): AsyncGenerator<string[]> {
  const decoder = new TextDecoder(shape.encoding ?? 'utf-8');
  const parser = parse({ delimiter: shape.delimiter ?? ',', bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: maxRowChars });
  // Fed by hand rather than piped: a reader that stops early (a preview) destroys both ends without an error left behind.
  const feeding = (async () => {
    for await (const chunk of stream) {
      if (parser.destroyed) return;
      if (!parser.write(decoder.decode(chunk as Buffer, { stream: true }))) await drainedOrClosed(parser);
    }
    if (!parser.destroyed) parser.end(decoder.decode());
  })().catch((error: unknown) => parser.destroy(error as Error));
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'CSV_MAX_RECORD_SIZE') throw new UnreadableFile('rowTooLarge', { max: maxRowChars });
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new UnreadableFile('malformedCsv', { line: (error as { lines?: number }).lines ?? 0 });
    throw error;
  } finally {
    parser.destroy();
    stream.destroy();
    await feeding;
  }
}

/** Until a full parser can take more, or is gone; the listener that did not fire is removed (one per wait would pile up). */
function drainedOrClosed(parser: Parser): Promise<void> {
  return new Promise((resume) => {
    const done = () => {
      parser.off('drain', done).off('close', done);
      resume();
    };
    parser.once('drain', done).once('close', done);
  });
}

/**
 * The rows of the first table of an HTML document (Bitrix24's `.xls` export: a `<meta>` charset, then one `<table>`
 * with a header row and a row per record). A cell's text is its text with the markup's whitespace collapsed, entities
 * decoded, and `<br>` as a new line; nested tables are not read.
 */
async function* htmlRows(stream: Readable, shape: FileShape): AsyncGenerator<string[]> {
  const { Parser } = await import('htmlparser2');
  const decoder = new TextDecoder(shape.encoding ?? 'utf-8');
  const ready: string[][] = [];
  let depth = 0;
  let done = false;
  let row: string[] | null = null;
  let cell: string | null = null;
  let rowChars = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (done) return;
        if (name === 'table') depth++;
        else if (depth !== 1) return;
        else if (name === 'tr') row = [];
        else if ((name === 'td' || name === 'th') && row) cell = '';
        else if (name === 'br' && cell !== null) cell += '\n';
      },
      ontext(text) {
        if (done || depth !== 1 || cell === null) return;
        cell += text.replace(/[ \t\r\n\f]+/g, ' ');
        rowChars += text.length;
        if (rowChars > maxRowChars) throw new UnreadableFile('rowTooLarge', { max: maxRowChars });
      },
      onclosetag(name) {
        if (done) return;
        if (name === 'table') {
          depth--;
          if (depth === 0) done = true;
        } else if (depth !== 1) return;
        else if ((name === 'td' || name === 'th') && row && cell !== null) {
          row.push(cell.replace(/^ +| +$/gm, ''));
          cell = null;
          if (row.length > maxColumns) throw new UnreadableFile('tooManyColumns', { columns: row.length, max: maxColumns });
        } else if (name === 'tr' && row) {
          ready.push(row);
          row = null;
          rowChars = 0;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  try {
    for await (const chunk of stream) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      while (ready.length > 0) yield ready.shift()!;
      if (done) return;
    }
    parser.end(decoder.decode());
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    stream.destroy();
  }
}

async function* xlsxRows(stream: Readable): AsyncGenerator<string[]> {
  // Loaded when a workbook is read, not with every process: exceljs takes about a second to load.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row as ExcelJS.Row).values as unknown[];
        // ExcelJS numbers cells from 1: values[0] is always empty.
        yield values.slice(1).map(cellText);
        if (values.length - 1 > maxColumns) throw new UnreadableFile('tooManyColumns', { columns: values.length - 1, max: maxColumns });
      }
      return; // The first sheet only.
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile('malformedXlsx');
  } finally {
    stream.destroy();
  }
}

/** A workbook cell as text: numbers plainly, dates as ISO dates (or timestamps when they have a time). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const cell = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (cell.richText) return cell.richText.map((run) => run.text).join('');
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.result !== undefined) return cellText(cell.result);
    if (cell.error !== undefined) return '';
  }
  return String(value);
}
