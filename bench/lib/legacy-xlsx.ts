/**
 * The xlsx import as it was before the streamed reader (up to commit 80950d2): exceljs loads the
 * whole workbook in the calling thread, then the first sheet becomes rows. Kept only as the "before"
 * of bench/import-load.ts; nothing in src uses it.
 */
import ExcelJS from 'exceljs';
import { faqFromTable, type TableRow } from '../../src/kb/import/faq-table';
import { ImportFileError, type ImportOptions, type ImportResult } from '../../src/kb/import/result';
import { cellText } from '../../src/kb/import/xlsx';

export async function importXlsxLoaded(input: Uint8Array, opts: ImportOptions = {}): Promise<ImportResult> {
  const workbook = new ExcelJS.Workbook();
  try {
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
