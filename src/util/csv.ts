/**
 * Writing CSV (RFC 4180) that spreadsheets open safely: a cell with a comma, quote or line break
 * is quoted, and a text cell a spreadsheet would take for a formula (starting with =, +, -, @, or
 * a tab or carriage return, which some strip first) gets a leading apostrophe, so it shows as the
 * text it is and never runs (CSV injection, OWASP). Numbers are written as numbers.
 */

/** The byte-order mark that makes Excel read a CSV file as UTF-8 (Chinese text otherwise garbles). */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ended by CRLF. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
