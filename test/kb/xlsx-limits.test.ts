/**
 * The streamed xlsx reader and its caps, on real workbooks: a 120,000-row sheet is refused at the
 * row cap, a far-off column at the cell cap, an over-long cell, a zip bomb before it is unpacked;
 * a workbook within the caps imports whole, and cells read as the loaded workbook read them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { ImportFileError, importXlsx } from '../../src/kb/import';
import { MAX_IMPORT_CELLS, MAX_IMPORT_ROWS, MAX_XLSX_UNPACKED_BYTES } from '../../src/kb/import/limits';
import { XLSX_LIMITS, readXlsxTable } from '../../src/kb/import/xlsx';
import { writeFaqWorkbook } from '../support/big-xlsx';
import { deflated, zip } from '../support/zip';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'qihu-xlsx-limits-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function fileError(run: () => Promise<unknown>): Promise<ImportFileError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ImportFileError) return err;
    throw err;
  }
  throw new Error('expected an ImportFileError');
}

async function workbookBytes(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A one-entry zip whose sheet inflates to `bytes` spaces while its headers claim 1,000. */
async function zipBomb(bytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((ok) => deflate.on('end', ok));
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!deflate.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((ok) => deflate.once('drain', ok));
  }
  deflate.end();
  await done;
  return zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.concat(parts), deflated: true, declaredSize: 1000 }]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * A workbook as Excel leaves it after its tabs were reordered: sheet1.xml comes first in the
 * archive, but the first tab (workbook.xml's first <sheet>) is sheet2.xml.
 */
function reorderedTabs(): Buffer {
  const sheet = (rows: string) => `${XML}<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;
  return zip([
    deflated(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    ),
    deflated('_rels/.rels', `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    deflated('xl/workbook.xml', `${XML}<workbook ${NS}><sheets><sheet name="首页" sheetId="2" r:id="rId2"/><sheet name="旧表" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    deflated(
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    deflated('xl/sharedStrings.xml', `${XML}<sst ${NS} count="1" uniqueCount="1"><si><t>首页的答案。</t></si></sst>`),
    deflated('xl/worksheets/sheet1.xml', sheet(`<row r="1">${inline('A1', 'id')}${inline('B1', 'question')}</row>`)),
    deflated(
      'xl/worksheets/sheet2.xml',
      sheet(
        `<row r="1">${inline('A1', 'id')}${inline('B1', 'question')}${inline('C1', 'answer')}</row>` +
          `<row r="2">${inline('A2', 't-1')}${inline('B2', '首页的问题？')}<c r="C2" t="s"><v>0</v></c></row>`,
      ),
    ),
  ]);
}

test('the caps are the documented ones', () => {
  expect(XLSX_LIMITS).toEqual({ maxRows: 100_000, maxCells: 2_000_000, maxCellChars: 32_767, maxUnpackedBytes: 256 * 1024 * 1024 });
  expect([MAX_IMPORT_ROWS, MAX_IMPORT_CELLS, MAX_XLSX_UNPACKED_BYTES]).toEqual([100_000, 2_000_000, 268_435_456]);
});

test('a 120,000-row sheet is refused at the row cap, naming it; 20,000 rows import whole', async () => {
  const big = path.join(tmp, 'big.xlsx');
  await writeFaqWorkbook(big, 120_000);
  const error = await fileError(() => importXlsx(readFileSync(big)));
  expect(error.problem).toBe('too_many_rows');
  expect(error.message).toBe('the sheet "问答" has more than 100,000 data rows (the import limit); split it into several files');

  const fine = path.join(tmp, 'fine.xlsx');
  await writeFaqWorkbook(fine, 20_000);
  const result = await importXlsx(readFileSync(fine), { source: 'fine.xlsx' });
  expect(result.entries).toHaveLength(20_000);
  expect(result.rejected).toEqual([]);
  expect(result.entries[19_999]).toEqual({
    kind: 'faq',
    id: 'q-20000',
    question: '第20000个问题怎么办理？',
    alternates: [],
    answer: '第20000个问题的答案：请携带身份证到政务服务中心窗口办理，或在网上办理。',
    department: '示例局',
    tags: [],
    source: 'fine.xlsx',
  });
});

test('a lone value far to the right costs its whole row: the cell cap stops it', async () => {
  // 130 rows × column XFD (16,384) = 2.1 M cells of table, from a file of a few kilobytes.
  const bytes = await workbookBytes((wb) => {
    const sheet = wb.addWorksheet('wide');
    sheet.addRow(['id', 'question', 'answer']);
    for (let r = 2; r <= 131; r++) sheet.getCell(r, 16_384).value = 'x';
  });
  const error = await fileError(() => importXlsx(bytes));
  expect(error.problem).toBe('too_many_cells');
  expect(error.message).toContain('more than 2,000,000 cells');
});

test('a cell over Excel’s 32,767 characters is refused by its address', async () => {
  const bytes = await workbookBytes((wb) => {
    const sheet = wb.addWorksheet('long');
    sheet.addRow(['id', 'question', 'answer']);
    sheet.addRow(['a', '问题？', '长'.repeat(40_000)]);
  });
  const error = await fileError(() => importXlsx(bytes));
  expect(error.problem).toBe('cell_too_long');
  expect(error.message).toBe("cell C2 holds 40,000 characters; a cell may hold at most 32,767 (Excel's own limit)");
});

test('a zip bomb is refused while unpacking into a counter, whatever its headers claim', async () => {
  const bomb = await zipBomb(300 * 1024 * 1024);
  expect(bomb.length).toBeLessThan(1024 * 1024);
  const t0 = performance.now();
  const error = await fileError(() => importXlsx(bomb));
  expect(error.problem).toBe('unpacked_too_large');
  expect(error.message).toContain('more than 256 MiB');
  expect(performance.now() - t0).toBeLessThan(15_000);
  // And the same cap on an ordinary workbook, made small.
  const fine = await workbookBytes((wb) => wb.addWorksheet('s').addRow(['id', 'question', 'answer']));
  expect((await fileError(() => importXlsx(fine, {}, { ...XLSX_LIMITS, maxUnpackedBytes: 1000 }))).problem).toBe('unpacked_too_large');
  // A truncated archive is unreadable, not a hang.
  const cut = await workbookBytes((wb) => wb.addWorksheet('s').addRow(['id', 'question', 'answer']));
  expect((await fileError(() => importXlsx(cut.subarray(0, Math.floor(cut.length / 2))))).problem).toBe('format');
});

test('the streamed cells read as before: dates, rich text, links, formulas, errors', async () => {
  const bytes = await workbookBytes((wb) => {
    const sheet = wb.addWorksheet('cells');
    sheet.addRow(['date', 'rich', 'link', 'formula', 'error', 'bool', 'number']);
    sheet.addRow([
      new Date(Date.UTC(2024, 0, 31)),
      { richText: [{ text: '社保卡' }, { text: '办理', font: { bold: true } }] },
      { text: '网站', hyperlink: 'https://example.gov.cn' },
      { formula: '1+1', result: 2 },
      { error: '#N/A' },
      true,
      12.5,
    ]);
    sheet.getCell('A2').numFmt = 'yyyy-mm-dd';
  });
  const { sheet, rows } = await readXlsxTable(bytes);
  expect(sheet).toBe('cells');
  expect(rows[1]).toEqual({ row: 2, cells: ['2024-01-31', '社保卡办理', '网站', '2', '', 'true', '12.5'] });
});

test('the first sheet is the first tab, wherever the archive stores it (as the loaded workbook read it)', async () => {
  const bytes = reorderedTabs();
  const loaded = new ExcelJS.Workbook();
  await loaded.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  expect(loaded.worksheets[0]?.name).toBe('首页');
  const result = await importXlsx(bytes);
  expect(result.entries).toEqual([{ kind: 'faq', id: 't-1', question: '首页的问题？', alternates: [], answer: '首页的答案。', tags: [] }]);
});

test('Chinese text split across the reader’s chunks stays whole (shared strings, inline strings, spooled sheets)', async () => {
  // 3,000 rows of Chinese: the shared strings and the sheet span many 16 KiB inflate chunks and
  // 64 KiB file reads, so characters straddle chunk boundaries (exceljs alone garbles them).
  const text = (i: number) => `第${i}条：请携带居民身份证、户口簿原件到户籍所在地派出所办理，材料齐全的当场受理。`;
  for (const useSharedStrings of [true, false]) {
    const file = path.join(tmp, `zh-${useSharedStrings}.xlsx`);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
    const sheet = wb.addWorksheet('中文');
    sheet.addRow(['编号', '问题', '答案']).commit();
    for (let i = 1; i <= 3000; i++) sheet.addRow([`z-${i}`, `第${i}个问题？`, text(i)]).commit();
    sheet.commit();
    await wb.commit();
    const result = await importXlsx(readFileSync(file));
    expect(result.entries).toHaveLength(3000);
    const wrong = result.entries.filter((e, i) => e.kind !== 'faq' || e.answer !== text(i + 1));
    expect(wrong).toEqual([]);
  }
  // One cell longer than every chunk.
  const long = Array.from({ length: 30_000 }, (_, i) => '长短'[i % 2]).join('');
  const bytes = await workbookBytes((wb) => wb.addWorksheet('s').addRow(['id', 'question', 'answer']).worksheet.addRow(['l-1', '长问题？', long]));
  expect((await importXlsx(bytes)).entries[0]).toMatchObject({ answer: long });
});
