/** FAQ import from CSV: fixtures for each rule, then the two real FAQ files from the shared data. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Faq } from '../../src/kb';
import { ImportFileError, faqIdFor, importFaqCsv } from '../../src/kb/import';

const fixtures = path.resolve(__dirname, '../fixtures/import');
const dataDir = path.resolve(__dirname, '../../../shared/data');
const fixture = (name: string) => readFileSync(path.join(fixtures, name));

function fileError(run: () => unknown): ImportFileError {
  try {
    run();
  } catch (err) {
    if (err instanceof ImportFileError) return err;
    throw err;
  }
  throw new Error('expected an ImportFileError');
}

describe('English headers (faq-en.csv)', () => {
  const result = importFaqCsv(fixture('faq-en.csv'), { source: 'faq-en.csv' });

  test('good rows become FAQ entries with alternates, tags and source', () => {
    expect(result.entries.map((e) => e.id)).toEqual(['kb-001', 'kb-002', faqIdFor('营业执照遗失了怎么办？'), 'kb-005-x']);
    expect(result.entries[0]).toEqual({
      kind: 'faq',
      id: 'kb-001',
      question: 'How do I register a company?',
      alternates: ['company registration', 'register a firm'],
      answer: 'Apply online at the enterprise portal, then collect the licence.',
      department: 'Market Regulation',
      tags: ['enterprise', 'registration'],
      source: 'faq-en.csv',
    });
    for (const entry of result.entries) expect(Faq.safeParse(entry).success).toBe(true);
  });

  test('quoted quotes and line breaks survive', () => {
    const faq = result.entries[1] as Faq;
    expect(faq.question).toBe('What does "one-stop" mean?');
    expect(faq.answer).toBe('It means "one window":\nall steps at one counter.');
  });

  test('a missing id is generated from the question: faq-<8 hex>, the same every time', () => {
    const faq = result.entries[2] as Faq;
    expect(faq.id).toMatch(/^faq-[0-9a-f]{8}$/);
    expect(importFaqCsv(fixture('faq-en.csv')).entries[2]!.id).toBe(faq.id);
    expect(faq.tags).toEqual(['证照', '补办']);
    expect(faq.alternates).toEqual(['执照丢了', '营业执照补办']);
  });

  test('an id the schema rejects is sanitised, with a warning', () => {
    expect(result.warnings).toEqual([{ row: 8, message: 'id "kb 005/x" is not a valid id; imported as "kb-005-x"' }]);
  });

  test('empty answers, blank questions and duplicate ids are rejected with row and reason', () => {
    expect(result.rejected).toEqual([
      { row: 5, id: 'kb-004', reason: 'answer is empty' },
      { row: 7, id: 'kb-001', reason: 'duplicate id kb-001, first used in row 2' },
      { row: 9, id: 'kb-006', reason: 'question is empty' },
    ]);
  });
});

test('Chinese headers, BOM and CRLF (faq-zh.csv)', () => {
  const result = importFaqCsv(fixture('faq-zh.csv'));
  expect(result.rejected).toEqual([]);
  expect(result.warnings).toEqual([]);
  expect(result.entries[0]).toMatchObject({
    id: 'zh-1',
    question: '社保卡怎么办理？',
    answer: '携带身份证到社保服务网点办理，\n也可以在线申请。',
    department: '人力资源社会保障局',
    alternates: ['社保卡办理', '怎么办社保卡'],
    tags: ['社保', '证件'],
  });
});

test('other Chinese header spellings and ID in capitals are recognised', () => {
  const csv = 'ID,问题,答案,部门,相似问题,标签\nA1,怎么开发票？,在电子税务局申请。,税务局,开票|发票怎么开,税务\n';
  expect(importFaqCsv(csv).entries[0]).toMatchObject({ id: 'A1', department: '税务局', alternates: ['开票', '发票怎么开'], tags: ['税务'] });
});

test('the same question twice without ids keeps both, numbering the second', () => {
  const result = importFaqCsv('question,answer\n怎么开发票？,答案一。\n怎么开发票？,答案二。\n');
  const base = faqIdFor('怎么开发票？');
  expect(result.entries.map((e) => e.id)).toEqual([base, `${base}-2`]);
  expect(result.warnings).toEqual([{ row: 3, message: `same question as row 2; given id ${base}-2` }]);
});

test('a row with more fields than the header is rejected rather than imported cut short', () => {
  const result = importFaqCsv('id,question,answer\nq1,问题？,答案，含逗号,多出来的\nq2,问题二？,答案二\n');
  expect(result.entries.map((e) => e.id)).toEqual(['q2']);
  expect(result.rejected).toEqual([{ row: 2, id: 'q1', reason: expect.stringContaining('4 fields but the header has 3') }]);
});

test('unknown columns are ignored with a warning; placeholder departments are dropped', () => {
  const result = importFaqCsv('id,question,answer,department,备注\nq1,问？,答。,无,内部备注\n');
  expect(result.entries[0]).not.toHaveProperty('department');
  expect(result.warnings).toEqual([{ row: 1, message: 'column "备注" is not a known FAQ column and was ignored' }]);
});

describe('files that cannot be imported at all', () => {
  test('GBK bytes: not UTF-8', () => {
    const error = fileError(() => importFaqCsv(fixture('faq-gbk.csv')));
    expect(error.problem).toBe('encoding');
    expect(error.message).toContain('文件不是 UTF-8 编码');
    expect(error.message).toContain('not UTF-8');
  });

  test('missing required columns are named', () => {
    const error = fileError(() => importFaqCsv(fixture('faq-missing-columns.csv')));
    expect(error.problem).toBe('columns');
    expect(error.message).toContain('answer (答案/回答)');
    expect(error.message).not.toContain('question (');
  });

  test('a column given twice', () => {
    expect(fileError(() => importFaqCsv('question,问题,answer\na,b,c\n')).problem).toBe('columns');
  });

  test('an empty file, a header without rows, blank rows only', () => {
    expect(fileError(() => importFaqCsv(fixture('empty.csv'))).problem).toBe('empty');
    expect(fileError(() => importFaqCsv('id,question,answer\n')).problem).toBe('empty');
    expect(fileError(() => importFaqCsv('id,question,answer\n,,\n,,\n')).problem).toBe('empty');
  });
});

const hasData = existsSync(dataDir);
if (!hasData) console.warn(`skipping real-data FAQ imports: ${dataDir} is absent`);
(hasData ? describe : describe.skip)('the shared FAQ files', () => {
  test('beijing-faq.csv imports all 2080 rows, multi-line answers intact', () => {
    const result = importFaqCsv(readFileSync(path.join(dataDir, 'beijing-faq.csv')));
    expect(result.entries).toHaveLength(2080);
    expect(result.rejected).toEqual([]);
    expect(result.entries[0]).toMatchObject({ id: 'bj-0001', question: '震中求生的秘诀', department: '应急局' });
    expect(result.entries.filter((e) => e.kind === 'faq' && e.answer.includes('\n')).length).toBeGreaterThan(0);
  });

  test('bq-faq.csv imports all 1846 rows', () => {
    const result = importFaqCsv(readFileSync(path.join(dataDir, 'bq-faq.csv')));
    expect(result.entries).toHaveLength(1846);
    expect(result.rejected).toEqual([]);
    expect(result.entries[0]).toMatchObject({ id: 'bq-0001', question: '到期未自动扣费', department: '客服中心' });
  });
});

test('text already decoded leniently from GBK (holding U+FFFD) is refused too', () => {
  const mojibake = readFileSync(path.join(fixtures, 'faq-gbk.csv'), 'utf8');
  expect(fileError(() => importFaqCsv(mojibake)).problem).toBe('encoding');
});
