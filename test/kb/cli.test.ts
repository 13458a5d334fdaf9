/** The `kb` command end to end, as a child process: exit codes, messages, and what is (not) written. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { loadKnowledgeBase, writeKnowledgeBase } from '../../src/kb';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/import');
const fixture = (name: string) => path.join(fixtures, name);
const GD_FILE = path.resolve(root, '../shared/data/gd-service-items.jsonl');

function kb(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kb.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** No Node stack trace reaches the user. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'qihu-cli-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('faq-csv: writes the accepted entries, lists the rejects, and the result loads', () => {
  const out = path.join(tmp, 'faq');
  const run = kb('import', '--from', 'faq-csv', fixture('faq-en.csv'), '--out', out, '--name', '测试问答');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('accepted: 4 of 7 rows');
  expect(run.stdout).toContain('row 5 (id kb-004): answer is empty');
  expect(run.stdout).toContain('row 7 (id kb-001): duplicate id kb-001, first used in row 2');
  expect(run.stdout).toContain('warnings: 1');
  const loaded = loadKnowledgeBase(out);
  expect(loaded.entries.map((e) => e.id)).toEqual(expect.arrayContaining(['kb-001', 'kb-002', 'kb-005-x']));
  expect(loaded.manifest).toMatchObject({ name: '测试问答', sample: false, generatedAt: expect.any(String) });
  expect(readdirSync(tmp)).toEqual(['faq']); // no staging or temporary directories left
});

test('validate prints counts for a good base and every problem for a bad one', () => {
  const good = path.join(tmp, 'good');
  expect(kb('import', '--from', 'faq-csv', fixture('faq-zh.csv'), '--out', good).code).toBe(0);
  const ok = kb('validate', good);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain('2 entries (items 0, policies 0, faq 2)');
  // The calibration the engine derives from this knowledge base, with the cut-offs it decides by.
  expect(ok.stdout).toMatch(/calibration: \d+ pseudo-questions made from the entries/);
  expect(ok.stdout).toMatch(/answers at confidence ≥ 0\.\d+, offers choices at ≥ 0\.\d+/);

  writeFileSync(path.join(good, 'faq', 'entries.json'), JSON.stringify([{ id: 'x', question: '问？', answer: '' }]));
  const bad = kb('validate', good);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('entries.json, entry x, field answer');
  expectNoStack(bad.stderr);
});

(existsSync(GD_FILE) ? test : test.skip)('gd-items: the real catalogue imports and loads', () => {
  const out = path.join(tmp, 'gd');
  const run = kb('import', '--from', 'gd-items', GD_FILE, '--out', out);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/accepted: \d+ of 2262 rows/);
  expect(loadKnowledgeBase(out).entries.length).toBeGreaterThan(2200);
});

test('xlsx: a workbook imports from its first sheet', async () => {
  const file = path.join(tmp, 'faq.xlsx');
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('问答');
  sheet.addRow(['编号', '问题', '答案', '部门']);
  sheet.addRow(['x-1', '电子发票怎么开？', '登录电子税务局开具。', '税务局']);
  await wb.xlsx.writeFile(file);
  const out = path.join(tmp, 'xlsx');
  const run = kb('import', '--from', 'xlsx', file, '--out', out);
  expect(run.code).toBe(0);
  expect(loadKnowledgeBase(out).entries).toEqual([expect.objectContaining({ id: 'x-1', department: '税务局', source: 'faq.xlsx' })]);
});

test('--dry-run reports and writes nothing', () => {
  const out = path.join(tmp, 'dry');
  const run = kb('import', '--from', 'faq-csv', fixture('faq-en.csv'), '--out', out, '--dry-run');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('dry run: nothing written');
  expect(existsSync(out)).toBe(false);
});

describe('a bad input file: non-zero exit, a clear message, nothing written', () => {
  const cases: [string, string, string, RegExp][] = [
    ['not UTF-8', 'faq-csv', 'faq-gbk.csv', /文件不是 UTF-8 编码/],
    ['missing columns', 'faq-csv', 'faq-missing-columns.csv', /missing required column\(s\): answer/],
    ['broken JSON line', 'gd-items', 'gd-broken.jsonl', /line 2 is not valid JSON/],
    ['empty file', 'faq-csv', 'empty.csv', /file is empty/],
    ['not an xlsx', 'xlsx', 'not-an-xlsx.xlsx', /not an \.xlsx workbook/],
  ];
  test.each(cases)('%s', (_label, from, file, message) => {
    const out = path.join(tmp, 'out');
    const run = kb('import', '--from', from, fixture(file), '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('nothing was written');
    expectNoStack(run.stderr);
    expect(existsSync(out)).toBe(false);
  });

  test('an existing knowledge base keeps its old content', () => {
    const out = path.join(tmp, 'kb');
    writeKnowledgeBase(out, { manifest: { name: 'old', sample: false }, entries: [], synonyms: [] });
    const before = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    expect(kb('import', '--from', 'faq-csv', fixture('faq-gbk.csv'), '--out', out).code).toBe(1);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(tmp)).toEqual(['kb']);
  });

  test('more than half of the rows rejected: exit 3', () => {
    const out = path.join(tmp, 'out');
    const run = kb('import', '--from', 'faq-csv', fixture('faq-mostly-rejected.csv'), '--out', out);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('row 3 (id m2): answer is empty');
    expect(run.stderr).toContain('more than half of the rows (2 of 3) were rejected');
    expect(existsSync(out)).toBe(false);
  });

  test('a file that does not exist', () => {
    const run = kb('import', '--from', 'faq-csv', path.join(tmp, 'nope.csv'), '--out', path.join(tmp, 'out'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no such file');
    expect(existsSync(path.join(tmp, 'out'))).toBe(false);
  });
});

describe('argument errors: usage and exit 2', () => {
  test.each([
    ['no command', [], /no command given/],
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['unknown format', ['import', '--from', 'pdf', 'x.pdf', '--out', 'o'], /unknown format --from pdf/],
    ['no --from', ['import', 'x.csv', '--out', 'o'], /needs --from/],
    ['no --out', ['import', '--from', 'faq-csv', 'x.csv'], /needs --out/],
    ['no file', ['import', '--from', 'faq-csv', '--out', 'o'], /needs the file/],
    ['unknown option', ['import', '--from', 'faq-csv', 'x.csv', '--out', 'o', '--force'], /Unknown option '--force'/],
    ['validate without a dir', ['validate'], /validate takes one/],
  ])('%s', (_label, args, message) => {
    const run = kb(...(args as string[]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage:');
    expectNoStack(run.stderr);
  });

  test('--out that is a non-empty directory but not a knowledge base is left alone', () => {
    const out = path.join(tmp, 'precious');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'keep me');
    const run = kb('import', '--from', 'faq-csv', fixture('faq-zh.csv'), '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('refusing to replace it');
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  test('--help prints the usage and succeeds', () => {
    const run = kb('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run kb -- import --from faq-csv|xlsx|gd-items|policies-jsonl|cases-jsonl|enterprises-csv|enterprises-xlsx <file> --out <dir>');
  });
});
