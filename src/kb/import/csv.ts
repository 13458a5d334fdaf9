/**
 * CSV as spreadsheets and hand-edited files write it, read with csv-parse: quoted fields, doubled
 * quotes, line breaks inside quotes, CRLF/LF/CR line endings, a leading BOM. Lenient where
 * spreadsheets are sloppy (a stray quote inside an unquoted field is kept as text; text after a
 * closing quote is kept, with a warning), strict where guessing would corrupt data (an unclosed
 * quote fails, naming the line of the record it opened in). Records carry the row a spreadsheet
 * shows (blank lines count) for the import report.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { ImportFileError } from './result';

export interface CsvRecord {
  /** 1-based record number, header included: the row a spreadsheet shows. */
  row: number;
  /** 1-based line where the record starts (differs from `row` after quoted line breaks). */
  line: number;
  fields: string[];
}

export interface CsvParseResult {
  records: CsvRecord[];
  /** Text after a closing quote and before the next comma, kept but suspicious. */
  warnings: { row: number; message: string }[];
}

/** Line breaks (CRLF, LF or a lone CR, each one) in bytes. */
function lineBreaks(bytes: Buffer): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) n++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) n++;
  }
  return n;
}

const LINE_END = /(\r\n|\n|\r)$/;

export function parseCsv(input: string): CsvParseResult {
  const bytes = Buffer.from(input, 'utf8');
  const records: CsvRecord[] = [];
  const warnings: CsvParseResult['warnings'] = [];
  let row = 0;
  let line = 1; // where the next record starts
  let offset = 0; // the byte where the next record starts

  const take = (fields: string[], end: number) => {
    const raw = bytes.subarray(offset, end);
    const recordLine = line;
    row += 1;
    line += lineBreaks(raw);
    offset = end;
    // An empty line is no record, but it still takes a row in a spreadsheet, so it is counted.
    if (fields.length === 1 && fields[0] === '' && raw.toString('utf8').replace(LINE_END, '').replace(/^\uFEFF/, '') === '') return;
    records.push({ row, line: recordLine, fields: fields.map((f) => afterClosingQuote(f, row, recordLine, warnings)) });
  };

  try {
    parse(bytes, {
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (fields: string[], context) => {
        take(fields, context.bytes);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError && err.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ImportFileError('csv', `CSV quote opened in the record starting on line ${line} is never closed: the file is truncated or malformed`);
    }
    if (err instanceof CsvError) throw new ImportFileError('csv', `CSV not readable near line ${line}: ${err.message}`);
    throw err;
  }
  return { records, warnings };
}

/**
 * csv-parse (relax_quotes) leaves a field whose closing quote is followed by more text as written,
 * doubled quotes already undone: `"quoted" tail` becomes `quoted tail`, with a warning.
 */
function afterClosingQuote(field: string, row: number, line: number, warnings: CsvParseResult['warnings']): string {
  const close = field.lastIndexOf('"');
  if (!field.startsWith('"') || close <= 0) return field;
  warnings.push({ row, message: `text after a closing quote in the record starting on line ${line} was kept as part of the field` });
  return field.slice(1, close) + field.slice(close + 1);
}
