/**
 * FAQ import from the first sheet of an .xlsx workbook, same columns as the CSV importer.
 *
 * The workbook is streamed (exceljs's WorkbookReader), never loaded whole: a million-row sheet used
 * to take 20 s and gigabytes to load. Reading stops at the first cap passed (./limits.ts) with an
 * ImportFileError naming it. Before exceljs unpacks anything, the archive is unpacked once into a
 * byte counter, so a zip bomb is refused before it reaches memory or exceljs's temporary file.
 * In the server this runs in a worker thread (./off-thread.ts); the CLI calls it directly.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { faqFromTable, type TableRow } from './faq-table';
import { count, MAX_CELL_CHARS, MAX_IMPORT_CELLS, MAX_IMPORT_ROWS, MAX_XLSX_UNPACKED_BYTES } from './limits';
import { ImportFileError, type ImportOptions, type ImportResult } from './result';

/** The caps an xlsx read enforces; tests pass smaller ones. */
export interface XlsxLimits {
  maxRows: number;
  maxCells: number;
  maxCellChars: number;
  maxUnpackedBytes: number;
}

export const XLSX_LIMITS: Readonly<XlsxLimits> = {
  maxRows: MAX_IMPORT_ROWS,
  maxCells: MAX_IMPORT_CELLS,
  maxCellChars: MAX_CELL_CHARS,
  maxUnpackedBytes: MAX_XLSX_UNPACKED_BYTES,
};

/** The text a cell shows, whatever exceljs holds: rich text, hyperlink, formula result, date, number. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((run: { text?: unknown }) => cellText(run.text)).join('');
    if ('hyperlink' in v) return cellText(v.text ?? v.hyperlink);
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('error' in v) return ''; // #N/A and friends: nothing usable
    if ('text' in v) return cellText(v.text);
  }
  return '';
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const unreadable = (err: unknown) =>
  err instanceof ImportFileError ? err : new ImportFileError('format', `not a readable .xlsx workbook: ${(err as Error)?.message ?? String(err)}`);

// ---------------------------------------------------------------- the zip bomb guard

interface ZipEntry extends NodeJS.ReadableStream {
  path: string;
  destroy(): void;
}
interface ZipParser extends NodeJS.WritableStream {
  on(event: 'entry', listener: (entry: ZipEntry) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'finish', listener: () => void): this;
  destroy(): void;
}

/**
 * unzipper as exceljs itself resolves it: the guard must split the archive into the very entries,
 * by the very rules (local headers in order, data descriptors), that exceljs will unpack.
 */
const unzipper = createRequire(require.resolve('exceljs'))('unzipper') as { Parse: () => ZipParser };

/**
 * Unpacks every entry into a counter, nothing kept, and refuses the archive as soon as the total
 * passes `max`. Sizes the archive declares are not trusted: they can lie, the inflated bytes cannot.
 * Costs one inflate pass (some 0.1 s for a 40 MB sheet), small next to parsing the XML.
 */
export function checkUnpackedSize(bytes: Buffer, max: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const zip = unzipper.Parse();
    const source = Readable.from([bytes]);
    let total = 0;
    let open = 0;
    let finished = false;
    let settled = false;
    const entries: ZipEntry[] = [];
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (err) {
        // Stop unpacking: a destroyed entry unpipes its inflater, which then stops for want of a reader.
        source.unpipe(zip);
        source.destroy();
        for (const entry of entries) entry.destroy();
        reject(unreadable(err));
      } else {
        resolve(total);
      }
    };
    zip.on('entry', (entry) => {
      open += 1;
      entries.push(entry);
      entry.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > max) {
          settle(
            new ImportFileError(
              'unpacked_too_large',
              `the workbook unpacks to more than ${count(max / 1024 / 1024)} MiB (the import limit); split it into several files`,
            ),
          );
        }
      });
      entry.on('error', settle);
      entry.on('end', () => {
        open -= 1;
        if (finished && !open) settle();
      });
    });
    zip.on('error', settle);
    // A truncated archive errors (FILE_ENDED) before 'finish'; a whole one has written every entry by then.
    zip.on('finish', () => {
      finished = true;
      if (!open) settle();
    });
    source.pipe(zip);
  });
}

// ---------------------------------------------------------------- exceljs's UTF-8 decoding

/** Buffers decoded as one UTF-8 text, a character split between two chunks kept whole. */
async function* utf8Chunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Iterable<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
}

/**
 * exceljs 4.4's streaming reader decodes every 16 KiB chunk of XML on its own, so a Chinese character
 * that straddles two chunks reads as U+FFFD (exceljs issues #2063, #2084, #2316, unfixed). Here
 * every entry reaches the XML parser as text decoded across chunks: the parts with their own stream
 * get setEncoding('utf8'); a sheet (its entry, or the temporary file exceljs spooled it to) is
 * wrapped in a decoder. These are the reader's internal steps, so test/kb/xlsx-limits.test.ts reads
 * a cell across many chunk boundaries: an exceljs that changes them fails there, not in production.
 */
function decodeUtf8Across(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const internals = reader as unknown as ReaderInternals;
  for (const step of ['_parseWorksheet', '_parseSharedStrings', '_parseWorkbook', '_parseRels', '_parseStyles'] as const) {
    if (typeof internals[step] !== 'function') throw new Error(`exceljs has no ${step}: its streaming reader changed (see decodeUtf8Across)`);
  }
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Chunks(iterator), sheetNo);
  for (const step of ['_parseSharedStrings', '_parseWorkbook', '_parseRels', '_parseStyles'] as const) {
    const parse = internals[step].bind(reader) as (entry: NodeJS.ReadableStream) => never;
    internals[step] = (entry: NodeJS.ReadableStream) => {
      entry.setEncoding('utf8');
      return parse(entry);
    };
  }
}

// ---------------------------------------------------------------- reading the first sheet

/** A cell's column letters, for messages: 1 → A, 28 → AB. */
function columnName(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

async function readSheet(sheet: ExcelJS.stream.xlsx.WorksheetReader, name: string, limits: XlsxLimits): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  let cellsHeld = 0;
  let lastRow = 0;
  for await (const row of sheet) {
    // A row without its number (some generators leave `r` out) follows the one before.
    const number = Number.isFinite(row.number) ? row.number : lastRow + 1;
    lastRow = number;
    if (!row.hasValues) continue;
    const texts = new Map<number, string>();
    let width = 0;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = cellText(cell.value);
      if (!text) return;
      if (text.length > limits.maxCellChars) {
        throw new ImportFileError(
          'cell_too_long',
          `cell ${columnName(col)}${number} holds ${count(text.length)} characters; a cell may hold at most ${count(limits.maxCellChars)} (Excel's own limit)`,
        );
      }
      texts.set(col, text);
      width = Math.max(width, col);
    });
    if (!width) continue; // only empty strings, formatting: a blank row
    if (rows.length > limits.maxRows) {
      throw new ImportFileError('too_many_rows', `the sheet "${name}" has more than ${count(limits.maxRows)} data rows (the import limit); split it into several files`);
    }
    // Counted before the row is built: a lone value in column XFD must not cost 16,384 slots first.
    cellsHeld += width;
    if (cellsHeld > limits.maxCells) {
      throw new ImportFileError(
        'too_many_cells',
        `the sheet "${name}" has more than ${count(limits.maxCells)} cells (the import limit, counting each row up to its last value); delete unused columns or split the file`,
      );
    }
    const cells = Array.from({ length: width }, (_, i) => texts.get(i + 1) ?? '');
    rows.push({ row: number, cells });
  }
  return rows;
}

/** The rows of the workbook's first sheet (workbook order, as Excel shows its tabs) as text, capped. */
export async function readXlsxTable(input: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): Promise<{ sheet: string; rows: TableRow[] }> {
  if (!input.length) throw new ImportFileError('empty', 'the file is empty');
  if (!isZip(input)) {
    throw new ImportFileError('format', 'not an .xlsx workbook (an .xlsx file is a zip archive; old .xls or CSV files are not accepted here)');
  }
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  await checkUnpackedSize(bytes, limits.maxUnpackedBytes);

  // sharedStrings 'cache': cells come with their text resolved (rich text as {richText}); styles
  // 'cache': a number formatted as a date reads as a Date; hyperlinks 'ignore': a link cell reads as
  // the text it shows.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeUtf8Across(reader);
  let sawSheet = false;
  try {
    // Sheets arrive in archive order; the first tab is the first sheet workbook.xml lists.
    for await (const sheet of reader) {
      sawSheet = true;
      const name = (sheet as unknown as { name: string }).name;
      const first = (reader as unknown as { model?: { sheets?: { name?: string }[] } }).model?.sheets?.[0];
      if (first && first.name !== name) continue; // not read: exceljs drains it
      return { sheet: name, rows: await readSheet(sheet, name, limits) };
    }
  } catch (err) {
    throw unreadable(err);
  }
  throw sawSheet ? new ImportFileError('format', 'the workbook lists a first sheet that it does not contain') : new ImportFileError('empty', 'the workbook has no sheets');
}

export async function importXlsx(input: Uint8Array, opts: ImportOptions = {}, limits: XlsxLimits = XLSX_LIMITS): Promise<ImportResult> {
  const { sheet, rows } = await readXlsxTable(input, limits);
  if (!rows.length) throw new ImportFileError('empty', `the first sheet ("${sheet}") is empty`);
  return faqFromTable(rows, opts);
}
