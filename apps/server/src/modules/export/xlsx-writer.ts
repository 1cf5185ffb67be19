import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { CellKind } from './export-columns.ts';
import { neutralise } from './csv-encoder.ts';
import type { CellRows } from './export-values.ts';

/**
 * An XLSX file (a zip of SpreadsheetML parts) written piece by piece so that an export job can resume it after a
 * crash: why not exceljs's WorkbookWriter? Its zip stream lives in memory, so a job resumed on another server (or
 * after `kill -9`) would have to start the file over, and its per-cell objects cost more than the rows themselves.
 * Here the worksheet is one zip entry whose deflate stream is made of independent segments, one per batch, each
 * ended with a sync flush (byte-aligned, not final): concatenated, they are one valid deflate stream. What the
 * zip still needs at the end (the entry's CRC-32 and sizes, the central directory) is a handful of numbers, kept in
 * `XlsxState` with the job and written in the same transaction as the batch's bytes. So each batch appends bytes
 * and never rewrites any, a resumed job carries on from the last committed batch, and memory holds one batch.
 *
 * Cells: numbers and money as numbers, dates and date-times as dates (serial days, with a date format), everything
 * else as inline text, neutralised as in CSV (R6); the first row (the titles) is bold and frozen.
 */

interface Entry {
  name: string;
  crc: number;
  size: number;
  packed: number;
  offset: number;
  /** The worksheet: its CRC and sizes follow its data (a data descriptor), since they are known only at the end. */
  streamed: boolean;
}

export interface XlsxState {
  dosTime: number;
  dosDate: number;
  entries: Entry[];
  /** The worksheet so far: CRC-32 of its XML, its length, and its deflated length. */
  crc: number;
  size: number;
  packed: number;
  /** Rows written, the title row included: the next row's number is `rows + 1`. */
  rows: number;
}

const sheetName = 'xl/worksheets/sheet1.xml';
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
const xmlDecl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const max32 = 0xffffffff;

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Cell styles (cellXfs): 0 plain, 1 money (0.00), 2 date, 3 date-time, 4 bold (titles).
const styles =
  `${xmlDecl}<styleSheet xmlns="${main}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const staticParts = (sheetTitle: string): Array<[string, string]> => [
  [
    '[Content_Types].xml',
    `${xmlDecl}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
  ],
  ['_rels/.rels', `${xmlDecl}<Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
  ['xl/workbook.xml', `${xmlDecl}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="${escapeXml(sheetTitle.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
  [
    'xl/_rels/workbook.xml.rels',
    `${xmlDecl}<Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
  ],
  ['xl/styles.xml', styles],
];

/** The start of the file: the fixed parts, the worksheet's header and its title row. */
export function xlsxHead(sheetTitle: string, titles: string[], now: Date): { bytes: Buffer; state: XlsxState } {
  const dosTime = (now.getUTCHours() << 11) | (now.getUTCMinutes() << 5) | (now.getUTCSeconds() >> 1);
  const dosDate = ((now.getUTCFullYear() - 1980) << 9) | ((now.getUTCMonth() + 1) << 5) | now.getUTCDate();
  const state: XlsxState = { dosTime, dosDate, entries: [], crc: 0, size: 0, packed: 0, rows: 0 };
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of staticParts(sheetTitle)) {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const entry: Entry = { name, crc: crc32(data), size: data.length, packed: packed.length, offset, streamed: false };
    const header = localHeader(state, entry);
    chunks.push(header, packed);
    offset += header.length + packed.length;
    state.entries.push(entry);
  }
  const sheet: Entry = { name: sheetName, crc: 0, size: 0, packed: 0, offset, streamed: true };
  state.entries.push(sheet);
  chunks.push(localHeader(state, sheet));
  const start =
    `${xmlDecl}<worksheet xmlns="${main}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetData>${rowXml(1, titles.map((title) => ({ text: title })), 4)}`;
  state.rows = 1;
  chunks.push(segment(state, start, false));
  return { bytes: Buffer.concat(chunks), state };
}

/** The rows of a batch, appended to the worksheet; `state` moves on (kept with the job in the same transaction). */
export function xlsxRows(state: XlsxState, kinds: CellKind[], rows: CellRows): Buffer {
  let xml = '';
  for (const cells of rows) {
    state.rows += 1;
    xml += rowXml(state.rows, cells.map((value, index) => cellOf(kinds[index], value)));
  }
  return segment(state, xml, false);
}

/** The end of the file: the worksheet's last bytes and data descriptor, the central directory. `offset`: bytes so far. */
export function xlsxTail(state: XlsxState, offset: number): Buffer {
  const last = segment(state, '</sheetData></worksheet>', true);
  const sheet = state.entries.find((e) => e.streamed)!;
  Object.assign(sheet, { crc: state.crc, size: state.size, packed: state.packed });
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(state.crc, 4);
  descriptor.writeUInt32LE(state.packed, 8);
  descriptor.writeUInt32LE(state.size, 12);
  const directoryOffset = offset + last.length + descriptor.length;
  const directory = Buffer.concat(state.entries.map((entry) => centralHeader(state, entry)));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(state.entries.length, 8);
  end.writeUInt16LE(state.entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(checked(directoryOffset), 16);
  return Buffer.concat([last, descriptor, directory, end]);
}

/** Past 4 GiB a zip needs Zip64, which this writer does not write: such an export fails (`XlsxTooLarge`) instead. */
export class XlsxTooLarge extends Error {}
const checked = (n: number) => {
  if (n > max32) throw new XlsxTooLarge('xlsx over 4 GiB');
  return n;
};

/** Deflates `xml` as a segment of the worksheet's stream: sync-flushed (more follows) or final. */
function segment(state: XlsxState, xml: string, final: boolean): Buffer {
  const data = Buffer.from(xml, 'utf8');
  const packed = deflateRawSync(data, { level: 3, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
  state.crc = crc32(data, state.crc);
  state.size = checked(state.size + data.length);
  state.packed = checked(state.packed + packed.length);
  return packed;
}

const utf8Flag = 0x0800;
const descriptorFlag = 0x0008;

function localHeader(state: XlsxState, entry: Entry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(utf8Flag | (entry.streamed ? descriptorFlag : 0), 6);
  header.writeUInt16LE(8, 8);
  header.writeUInt16LE(state.dosTime, 10);
  header.writeUInt16LE(state.dosDate, 12);
  header.writeUInt32LE(entry.streamed ? 0 : entry.crc, 14);
  header.writeUInt32LE(entry.streamed ? 0 : entry.packed, 18);
  header.writeUInt32LE(entry.streamed ? 0 : entry.size, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function centralHeader(state: XlsxState, entry: Entry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(utf8Flag | (entry.streamed ? descriptorFlag : 0), 8);
  header.writeUInt16LE(8, 10);
  header.writeUInt16LE(state.dosTime, 12);
  header.writeUInt16LE(state.dosDate, 14);
  header.writeUInt32LE(entry.crc >>> 0, 16);
  header.writeUInt32LE(entry.packed, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(checked(entry.offset), 42);
  return Buffer.concat([header, name]);
}

type Cell = { text: string } | { number: string; style: number } | null;

const msPerDay = 86_400_000;
const excelEpochDays = 25_569; // 1970-01-01 as an Excel serial day

function cellOf(kind: CellKind, value: string | null): Cell {
  if (value === null || value === '') return null;
  switch (kind) {
    case 'number':
    case 'money':
      return Number.isFinite(Number(value)) ? { number: value, style: kind === 'money' ? 1 : 0 } : { text: value };
    case 'date': {
      const ms = Date.parse(`${value}T00:00:00Z`);
      return Number.isNaN(ms) ? { text: value } : { number: String(ms / msPerDay + excelEpochDays), style: 2 };
    }
    case 'datetime': {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? { text: value } : { number: String(ms / msPerDay + excelEpochDays), style: 3 };
    }
    default:
      return { text: value };
  }
}

const letters: string[] = [];
function columnLetters(index: number): string {
  let name = letters[index];
  if (name === undefined) {
    name = '';
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    letters[index] = name;
  }
  return name;
}

function rowXml(rowNumber: number, cells: Cell[], textStyle = 0): string {
  let xml = `<row r="${rowNumber}">`;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (cell === null) continue;
    const ref = `${columnLetters(index)}${rowNumber}`;
    if ('text' in cell) {
      xml += `<c r="${ref}"${textStyle ? ` s="${textStyle}"` : ''} t="inlineStr"><is><t xml:space="preserve">${escapeXml(neutralise(cell.text))}</t></is></c>`;
    } else {
      xml += `<c r="${ref}"${cell.style ? ` s="${cell.style}"` : ''}><v>${cell.number}</v></c>`;
    }
  }
  return `${xml}</row>`;
}

// XML 1.0 cannot carry most control characters at all: they are dropped (a spreadsheet could not show them either).
// eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
const invalidXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const special = /[&<>"]/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(text: string): string {
  return text.replace(invalidXml, '').replace(special, (c) => entities[c]);
}
