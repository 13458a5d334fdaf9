/**
 * How much one import may hold. A file over a cap is refused as a whole (ImportFileError naming the
 * cap), before it can take the memory or the time of the process that reads it.
 *
 * The real catalogues are far below these: the Guangdong service items are 2,262 records, the Beijing
 * and BQ FAQs about 2,100 and 1,850 rows (all ≤ ~10k). The caps leave ten times the largest for growth
 * and stop a runaway file (a million-row sheet, a zip bomb) early.
 */

/** Data rows (below the header) with any content: xlsx, CSV, and records of a JSON Lines file. */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * Cells of an xlsx sheet, each row counted up to its last non-empty cell (so a lone value in column
 * XFD costs 16,384): twenty columns at the row cap. This bounds the table held in memory.
 */
export const MAX_IMPORT_CELLS = 2_000_000;

/** Characters in one cell or field: Excel's own limit for a cell. */
export const MAX_CELL_CHARS = 32_767;

/**
 * Bytes an .xlsx archive may unpack to, all entries together. An upload is at most 20 MB and a text
 * workbook packs some 5–10 times (the 100,000-row test sheet: 3.5 MB → 39 MB), so 256 MiB admits any
 * real workbook and refuses a zip bomb before exceljs unpacks it to memory or to a temporary file.
 */
export const MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024;

/** Numbers as the error messages print them: 100,000. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
