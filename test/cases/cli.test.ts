/**
 * `npm run kb -- import --from cases-jsonl` end to end, as a child process: cases.json written
 * atomically into a new or an existing knowledge base (its entries kept), kept when entries are
 * imported again, validated, and nothing written for a bad or mostly rejected file.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCases, loadKnowledgeBase } from '../../src/kb';

const root = path.resolve(__dirname, '../..');
const REPLIES = path.resolve(root, '../shared/data/hotline-replies.jsonl');

function kb(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kb.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const LINES = [
  { id: 'c1', title: '小区路灯不亮', text: '小区路灯坏了一个月没人修', reply: '您好！已转至县城管局核实、办理。', time: '2019/4/25 9:32:09' },
  { id: 'c2', title: '学校门口拥堵', text: '放学时段学校门口车辆拥堵', reply: '经查，已安排交警疏导。' },
  { id: 'c3', title: '没有答复', text: '……', reply: '' },
];

let tmp: string;
let file: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'qihu-cases-cli-'));
  file = path.join(tmp, 'replies.jsonl');
  writeFileSync(file, LINES.map((l) => JSON.stringify(l)).join('\n') + '\n');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('into a new directory: a knowledge base with a manifest and cases.json that loads', () => {
  const out = path.join(tmp, 'kb');
  const run = kb('import', '--from', 'cases-jsonl', file, '--out', out, '--name', '往期案例');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('accepted: 2 of 3 rows');
  expect(run.stdout).toContain('row 3 (id c3): reply is empty');
  expect(run.stdout).toContain('departments: 1 of 2 cases name one in the reply');
  expect(run.stdout).toContain('2 past cases; it loads cleanly');
  expect(loadCases(out)?.cases.map((c) => [c.id, c.department ?? null])).toEqual([
    ['c1', '县城管局'],
    ['c2', null],
  ]);
  expect(loadKnowledgeBase(out).manifest.name).toBe('往期案例');
  expect(readdirSync(out).sort()).toEqual(['cases.json', 'manifest.json']); // no temporary file left
  const validate = kb('validate', out);
  expect(validate.code).toBe(0);
  expect(validate.stdout).toContain('0 entries (items 0, policies 0, faq 0), 0 synonym groups, 2 past cases');
});

test("into an existing knowledge base: its entries stay, and importing entries again keeps the cases", () => {
  const out = path.join(tmp, 'kb');
  cpSync(path.join(root, 'knowledge-base'), out, { recursive: true });
  const before = loadKnowledgeBase(out);
  expect(kb('import', '--from', 'cases-jsonl', file, '--out', out).code).toBe(0);
  expect(loadKnowledgeBase(out)).toEqual(before);
  expect(loadCases(out)?.cases).toHaveLength(2);

  const faq = path.join(tmp, 'faq.csv');
  writeFileSync(faq, 'id,question,answer,department\nq1,营业执照怎么办？,到政务服务中心办理。,市场监管局\n');
  expect(kb('import', '--from', 'faq-csv', faq, '--out', out).code).toBe(0);
  expect(loadKnowledgeBase(out).entries.map((e) => e.id)).toEqual(['q1']);
  expect(loadCases(out)?.cases.map((c) => c.id)).toEqual(['c1', 'c2']);
});

test('--dry-run reports and writes nothing; a broken or mostly rejected file writes nothing either', () => {
  const out = path.join(tmp, 'kb');
  const dry = kb('import', '--from', 'cases-jsonl', file, '--dry-run');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('dry run: nothing written');

  writeFileSync(path.join(tmp, 'broken.jsonl'), JSON.stringify(LINES[0]) + '\n{"id": "x",\n');
  const broken = kb('import', '--from', 'cases-jsonl', path.join(tmp, 'broken.jsonl'), '--out', out);
  expect(broken.code).toBe(1);
  expect(broken.stderr).toContain('line 2 is not valid JSON');
  expect(broken.stderr).toContain('nothing was written');

  writeFileSync(path.join(tmp, 'empty-replies.jsonl'), [LINES[2], { ...LINES[2], id: 'c4' }, LINES[0]].map((l) => JSON.stringify(l)).join('\n'));
  const mostly = kb('import', '--from', 'cases-jsonl', path.join(tmp, 'empty-replies.jsonl'), '--out', out);
  expect(mostly.code).toBe(3);
  expect(existsSync(out)).toBe(false);
});

test('validate names the problem of an invalid cases.json', () => {
  const out = path.join(tmp, 'kb');
  expect(kb('import', '--from', 'cases-jsonl', file, '--out', out).code).toBe(0);
  const cases = JSON.parse(readFileSync(path.join(out, 'cases.json'), 'utf8')) as { cases: { id: string }[] };
  cases.cases[1]!.id = 'c1';
  writeFileSync(path.join(out, 'cases.json'), JSON.stringify(cases));
  const bad = kb('validate', out);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('cases.json, field cases.1.id: duplicate case id c1');
});

(existsSync(REPLIES) ? test : test.skip)('imports the real replies file', () => {
  const out = path.join(tmp, 'kb');
  const run = kb('import', '--from', 'cases-jsonl', REPLIES, '--out', out);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('accepted: 2774 of 2774 rows');
  expect(loadCases(out)?.cases).toHaveLength(2774);
}, 60_000);
