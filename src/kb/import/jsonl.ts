/** JSON Lines as importers read them: every line parsed, a broken line failing the whole file with its number. */
import { count, MAX_IMPORT_ROWS } from './limits';
import { ImportFileError } from './result';

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

/** The non-blank lines' values; throws ImportFileError('json') listing broken lines, ('empty') for nothing. */
export function parseJsonLines(text: string, maxRecords = MAX_IMPORT_ROWS): JsonLine[] {
  if (!text.trim()) throw new ImportFileError('empty', 'the file is empty');
  const records: JsonLine[] = [];
  const broken: { row: number; message: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    if (!raw.trim()) continue;
    if (records.length + broken.length >= maxRecords) {
      throw new ImportFileError('too_many_rows', `the file has more than ${count(maxRecords)} records (the import limit); split it into several files`);
    }
    try {
      records.push({ line: index + 1, value: JSON.parse(raw) });
    } catch (err) {
      broken.push({ row: index + 1, message: `line ${index + 1} is not valid JSON: ${(err as Error).message}` });
    }
  }
  if (broken.length) {
    const first = broken.slice(0, 5).map((b) => b.message).join('; ');
    const more = broken.length > 5 ? `; and ${broken.length - 5} more` : '';
    throw new ImportFileError('json', `${broken.length} line(s) are not valid JSON: ${first}${more}`, broken);
  }
  return records;
}
