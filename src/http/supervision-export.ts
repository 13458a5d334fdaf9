/**
 * The 督办 list as a file to download: CSV (UTF-8 with a byte-order mark, so Excel reads the
 * Chinese; formula-looking cells neutralised, src/util/csv.ts) or an Excel workbook (exceljs,
 * streamed: text cells are stored as text, never as formulas). The headers say how many tickets
 * matched (X-Total-Count) and how many the file holds (X-Exported-Count).
 */
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { EXPORT_COLUMNS, EXPORT_HEADINGS, exportRow, type SupervisionPage } from '../tickets';
import { CSV_BOM, csvLine } from '../util';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Lines written to the socket per write: fewer, larger writes. */
const CSV_CHUNK = 1000;

/** Content-Disposition with an ASCII name for old clients and the Chinese one (RFC 6266 / 5987). */
function disposition(date: string, format: ExportFormat): string {
  const day = date.replace(/-/g, '');
  return `attachment; filename="supervision-${day}.${format}"; filename*=UTF-8''${encodeURIComponent(`督办工单-${day}.${format}`)}`;
}

export async function sendExport(res: Response, format: ExportFormat, page: SupervisionPage, date: string): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', TYPES[format]);
  res.setHeader('Content-Disposition', disposition(date, format));
  res.setHeader('X-Total-Count', String(page.total));
  res.setHeader('X-Exported-Count', String(page.items.length));
  if (format === 'csv') {
    let chunk = CSV_BOM + csvLine(EXPORT_HEADINGS);
    page.items.forEach((row, i) => {
      chunk += csvLine(exportRow(row));
      if ((i + 1) % CSV_CHUNK === 0) {
        res.write(chunk);
        chunk = '';
      }
    });
    res.end(chunk);
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('督办工单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = Object.entries(EXPORT_COLUMNS).map(([key, header]) => ({ key, header, width: key === 'summary' || key === 'enterprise' ? 36 : 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of page.items) sheet.addRow(exportRow(row)).commit();
  sheet.commit();
  await workbook.commit();
}
