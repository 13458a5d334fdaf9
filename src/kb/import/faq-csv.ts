/** FAQ import from CSV: `id,question,answer,department[,alternates][,tags]`, English or Chinese headers. */
import { parseCsv } from './csv';
import { faqFromTable } from './faq-table';
import { ImportFileError, type ImportOptions, type ImportResult } from './result';
import { decodeUtf8 } from './text';

/** Accepts the file's bytes (checked to be UTF-8) or text already decoded. */
export function importFaqCsv(input: string | Uint8Array, opts: ImportOptions = {}): ImportResult {
  const text = decodeUtf8(input);
  if (!text.trim()) throw new ImportFileError('empty', 'the file is empty');
  const { records, warnings } = parseCsv(text);
  const result = faqFromTable(
    records.map((r) => ({ row: r.row, cells: r.fields })),
    opts,
  );
  return { ...result, warnings: [...warnings, ...result.warnings].sort((a, b) => a.row - b.row) };
}
