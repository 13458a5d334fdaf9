/** FAQ import from real .xlsx workbooks built with exceljs: every cell shape editors produce. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { loadKnowledgeBase, writeKnowledgeBase } from '../../src/kb';
import { ImportFileError, cellText, importXlsx } from '../../src/kb/import';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'qihu-xlsx-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a workbook to disk and reads its bytes back, as the CLI would. */
async function workbookBytes(name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const file = path.join(tmp, name);
  await wb.xlsx.writeFile(file);
  return readFileSync(file);
}

async function fileError(run: () => Promise<unknown>): Promise<ImportFileError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ImportFileError) return err;
    throw err;
  }
  throw new Error('expected an ImportFileError');
}

test('rich text, numbers, formula results and hyperlinks become plain text', async () => {
  const bytes = await workbookBytes('faq.xlsx', (wb) => {
    const sheet = wb.addWorksheet('问答');
    sheet.addRow(['编号', '标准问题', '回答', '责任部门', '相似问法', '标签']);
    sheet.addRow([
      1001,
      { richText: [{ text: '社保卡' }, { text: '怎么办理？', font: { bold: true } }] },
      { text: '请访问社保网站办理', hyperlink: 'https://example.gov.cn/sbk' },
      { formula: '"人力资源"&"社会保障局"', result: '人力资源社会保障局' },
      '社保卡办理|办社保卡',
      '社保, 证件',
    ]);
    sheet.addRow(['q-2', '没有答案的问题？', null, '税务局']);
    sheet.addRow([]);
    sheet.addRow(['q-3', '公积金怎么提取？', '网上申请。\n也可到柜台办理。', '住房公积金管理中心']);
    wb.addWorksheet('ignored').addRow(['id', 'question', 'answer']);
  });

  const result = await importXlsx(bytes, { source: 'faq.xlsx' });
  expect(result.entries).toEqual([
    {
      kind: 'faq',
      id: '1001',
      question: '社保卡怎么办理？',
      alternates: ['社保卡办理', '办社保卡'],
      answer: '请访问社保网站办理',
      department: '人力资源社会保障局',
      tags: ['社保', '证件'],
      source: 'faq.xlsx',
    },
    {
      kind: 'faq',
      id: 'q-3',
      question: '公积金怎么提取？',
      alternates: [],
      answer: '网上申请。\n也可到柜台办理。',
      department: '住房公积金管理中心',
      tags: [],
      source: 'faq.xlsx',
    },
  ]);
  expect(result.rejected).toEqual([{ row: 3, id: 'q-2', reason: 'answer is empty' }]);

  // Round trip: what was imported writes and loads as a knowledge base.
  const dir = path.join(tmp, 'kb');
  writeKnowledgeBase(dir, { manifest: { name: 'xlsx', sample: false }, entries: result.entries, synonyms: [] });
  expect(loadKnowledgeBase(dir).entries).toEqual(result.entries);
});

test('cellText covers dates, booleans, errors and shared formulas', () => {
  expect(cellText(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
  expect(cellText(true)).toBe('true');
  expect(cellText({ error: '#N/A' })).toBe('');
  expect(cellText({ sharedFormula: 'A1', result: 42 })).toBe('42');
  expect(cellText({ text: { richText: [{ text: '链接' }] }, hyperlink: 'https://x.cn' })).toBe('链接');
  expect(cellText(undefined)).toBe('');
});

test('missing columns on the first sheet are named', async () => {
  const bytes = await workbookBytes('cols.xlsx', (wb) => {
    wb.addWorksheet('s').addRow(['id', 'question', 'department']);
  });
  const error = await fileError(() => importXlsx(bytes));
  expect(error.problem).toBe('columns');
  expect(error.message).toContain('answer');
});

test('an empty sheet, an empty buffer and a non-xlsx file are refused', async () => {
  const empty = await workbookBytes('empty.xlsx', (wb) => {
    wb.addWorksheet('空');
  });
  expect((await fileError(() => importXlsx(empty))).problem).toBe('empty');
  expect((await fileError(() => importXlsx(Buffer.alloc(0)))).problem).toBe('empty');
  const notXlsx = readFileSync(path.resolve(__dirname, '../fixtures/import/not-an-xlsx.xlsx'));
  expect((await fileError(() => importXlsx(notXlsx))).problem).toBe('format');
  // A zip that is not a workbook.
  const zip = path.join(tmp, 'not-a-workbook.xlsx');
  writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]));
  expect((await fileError(() => importXlsx(readFileSync(zip)))).problem).toBe('format');
});
