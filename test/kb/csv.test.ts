/** The CSV parser on the cases spreadsheets and hand-edited files produce. */
import { parseCsv } from '../../src/kb/import/csv';
import { ImportFileError } from '../../src/kb/import';

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

test('plain rows, with or without a final line break', () => {
  expect(fields('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  expect(fields('a,b,c\n1,2,3')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
});

test('empty fields, including a trailing one, are kept', () => {
  expect(fields(',x,\n,,')).toEqual([['', 'x', ''], ['', '', '']]);
});

test('quoted fields hold commas, doubled quotes and line breaks', () => {
  const text = 'id,answer\n1,"a, b"\n2,"say ""hi"""\n3,"line one\nline two"\n4,""\n';
  expect(fields(text)).toEqual([['id', 'answer'], ['1', 'a, b'], ['2', 'say "hi"'], ['3', 'line one\nline two'], ['4', '']]);
});

test('CRLF, lone CR and a BOM are handled; CRLF inside quotes is kept as written', () => {
  expect(fields('\uFEFFid,q\r\n1,"x\r\ny"\r\n2,z\r3,w')).toEqual([['id', 'q'], ['1', 'x\r\ny'], ['2', 'z'], ['3', 'w']]);
});

test('rows are numbered as a spreadsheet shows them; lines where each record starts', () => {
  const { records } = parseCsv('h1,h2\n"a\nb\nc",1\n\n2,3\n');
  expect(records.map(({ row, line }) => ({ row, line }))).toEqual([
    { row: 1, line: 1 },
    { row: 2, line: 2 },
    { row: 4, line: 6 },
  ]);
});

test('a line holding only "" is a record with one empty field, not a blank line', () => {
  expect(fields('h\n""\n')).toEqual([['h'], ['']]);
});

test('a quote inside an unquoted field is literal text', () => {
  expect(fields('a,5" screen,b')).toEqual([['a', '5" screen', 'b']]);
});

test('text after a closing quote is kept, with a warning naming the row', () => {
  const result = parseCsv('h,h2\n"quoted" tail,x\n');
  expect(result.records[1]!.fields).toEqual(['quoted tail', 'x']);
  expect(result.warnings).toEqual([{ row: 2, message: expect.stringContaining('after a closing quote') }]);
});

test('an unclosed quote fails with the line it was opened on', () => {
  let error: unknown;
  try {
    parseCsv('id,answer\n1,ok\n2,"never closed\n3,more\n');
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ImportFileError);
  expect((error as ImportFileError).problem).toBe('csv');
  expect((error as ImportFileError).message).toContain('line 3');
});

test('Chinese text and full-width punctuation pass through untouched', () => {
  expect(fields('问题,答案\n"社保卡，怎么办？","到网点办理。"')).toEqual([['问题', '答案'], ['社保卡，怎么办？', '到网点办理。']]);
});
