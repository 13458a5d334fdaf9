/** FAQ import from the first sheet of an .xlsx workbook, same columns as the CSV importer. */
import ExcelJS from 'exceljs';
import { faqFromTable, type TableRow } from './faq-table';
import { ImportFileError, type ImportOptions, type ImportResult } from './result';

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

export async function importXlsx(input: Uint8Array, opts: ImportOptions = {}): Promise<ImportResult> {
  if (!input.length) throw new ImportFileError('empty', 'the file is empty');
  if (!isZip(input)) {
    throw new ImportFileError('format', 'not an .xlsx workbook (an .xlsx file is a zip archive; old .xls or CSV files are not accepted here)');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its argument as Buffer; a view over the same bytes costs no copy.
    await workbook.xlsx.load(Buffer.from(input.buffer, input.byteOffset, input.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new ImportFileError('format', `not a readable .xlsx workbook: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('empty', 'the workbook has no sheets');

  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ row: row.number, cells: Array.from(cells, (c) => c ?? '') });
  });
  if (!rows.length) throw new ImportFileError('empty', `the first sheet ("${sheet.name}") is empty`);
  return faqFromTable(rows, opts);
}
