/**
 * An RFC 4180 CSV parser: quoted fields, doubled quotes, line breaks inside quotes, CRLF/LF/CR line
 * endings, a leading BOM. Lenient where spreadsheets are sloppy (a stray quote inside an unquoted
 * field is kept as text), strict where guessing would corrupt data (an unclosed quote fails).
 */
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

export function parseCsv(input: string): CsvParseResult {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  const warnings: CsvParseResult['warnings'] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false; // inside a quoted section
  let wasQuoted = false; // the current field began with a quote
  let afterClose = false; // just past the closing quote of the current field
  let quoteLine = 0;
  let row = 0;
  let wasQuotedRecord = false; // a record holding only "" is a record, not an empty line
  let i = 0;

  const endField = () => {
    if (wasQuoted) wasQuotedRecord = true;
    fields.push(field);
    field = '';
    wasQuoted = false;
    afterClose = false;
  };
  const endRecord = () => {
    endField();
    row += 1;
    // An empty line is no record, but it still takes a row in a spreadsheet, so it is counted.
    if (!(fields.length === 1 && fields[0] === '' && !wasQuotedRecord)) {
      records.push({ row, line: recordLine, fields });
    }
    fields = [];
    wasQuotedRecord = false;
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterClose = true;
        i += 1;
        continue;
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === ',') {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else if (ch === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      i += 1;
    } else {
      if (afterClose) {
        warnings.push({ row: row + 1, message: `text after a closing quote on line ${line} was kept as part of the field` });
        afterClose = false;
      }
      // After a closing quote the rest is appended; a quote in an unquoted field is literal.
      field += ch;
      i += 1;
    }
  }
  if (quoted) {
    throw new ImportFileError('csv', `CSV quote opened on line ${quoteLine} is never closed: the file is truncated or malformed`);
  }
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return { records, warnings };
}
