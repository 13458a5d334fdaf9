/**
 * The knowledge-base importers: pure functions from a file's content to entries, rejects and
 * warnings, their limits, and the worker thread the editor's imports run in (off-thread.ts).
 */
export { ImportResult, RejectedRow, ImportWarning, ImportOptions, ImportFileError, type ImportFileProblem } from './result';
export { importFaqCsv } from './faq-csv';
export { importXlsx, cellText } from './xlsx';
export { importGdItems, gdRecordToItem, GD_SOURCE } from './gd-items';
export { importPoliciesJsonl } from './policies-jsonl';
export { importCasesJsonl, type CasesImportResult } from './cases-jsonl';
export { importEnterprisesCsv, importEnterprisesXlsx, enterprisesFromTable, type EnterprisesImportResult } from './enterprises';
export { departmentFromReply, departmentKey } from './reply-department';
export { parseJsonLines, type JsonLine } from './jsonl';
export { parseCsv, type CsvRecord, type CsvParseResult } from './csv';
export { faqFromTable, faqIdFor, sanitizeId, type TableRow } from './faq-table';
export { decodeUtf8 } from './text';
export { MAX_IMPORT_ROWS, MAX_IMPORT_CELLS, MAX_CELL_CHARS, MAX_XLSX_UNPACKED_BYTES } from './limits';
export {
  importOffThread,
  createImportRunner,
  ImportBusyError,
  IMPORT_CONCURRENCY,
  IMPORT_QUEUE,
  IMPORT_TIMEOUT_MS,
  IMPORT_HEAP_MB,
  type ImportRunner,
  type ImportRunnerOptions,
  type OffThreadFormat,
} from './off-thread';
