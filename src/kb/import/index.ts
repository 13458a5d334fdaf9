/** The knowledge-base importers: pure functions from a file's content to entries, rejects and warnings. */
export { ImportResult, RejectedRow, ImportWarning, ImportOptions, ImportFileError, type ImportFileProblem } from './result';
export { importFaqCsv } from './faq-csv';
export { importXlsx, cellText } from './xlsx';
export { importGdItems, gdRecordToItem, GD_SOURCE } from './gd-items';
export { importPoliciesJsonl } from './policies-jsonl';
export { parseJsonLines, type JsonLine } from './jsonl';
export { parseCsv, type CsvRecord, type CsvParseResult } from './csv';
export { faqFromTable, faqIdFor, sanitizeId, type TableRow } from './faq-table';
export { decodeUtf8 } from './text';
