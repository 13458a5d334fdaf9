/** The loader and writer over real directories: what loads, and how each kind of problem is named. */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KbLoadError, loadKnowledgeBase, writeKnowledgeBase, type Entry, type KnowledgeBase } from '../../src/kb';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qihu-load-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const entries: Entry[] = [
  {
    kind: 'item',
    id: 'item-1',
    name: '企业开办',
    aliases: ['开公司'],
    department: '市场监管局',
    materials: [{ name: '营业执照申请书', required: true }],
    promisedDays: 1,
    tags: [],
  },
  {
    kind: 'policy',
    id: 'policy-1',
    title: '小微企业稳岗返还',
    aliases: [],
    level: '市',
    department: '人力资源社会保障局',
    summary: '返还部分失业保险费。',
    eligibility: '上年度未裁员或裁员率低。',
    benefits: '返还上年度缴纳失业保险费的 60%。',
    howToApply: '免申即享。',
    noApplication: true,
    tags: [],
  },
  { kind: 'faq', id: 'faq-1', question: '社保卡怎么办？', alternates: [], answer: '到网点办理。', tags: [] },
];
const sample: KnowledgeBase = { manifest: { name: 'test', sample: true }, entries, synonyms: [['社保', '社会保险']] };

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
}

function problemsOf(dir: string): KbLoadError['problems'] {
  try {
    loadKnowledgeBase(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KbLoadError);
    return (err as KbLoadError).problems;
  }
  throw new Error('expected the load to fail');
}

test('a written knowledge base loads back with every entry, kind and synonym', () => {
  const dir = join(tmp, 'kb');
  writeKnowledgeBase(dir, sample);
  const kb = loadKnowledgeBase(dir);
  expect(kb.manifest).toEqual({ name: 'test', sample: true });
  expect(kb.entries).toEqual(entries);
  expect(kb.synonyms).toEqual([['社保', '社会保险']]);
  expect(readdirSync(dir).sort()).toEqual(['faq', 'items', 'manifest.json', 'policies', 'synonyms.json']);
});

test('rewriting replaces the old base and leaves no temporary directories behind', () => {
  const dir = join(tmp, 'kb');
  writeKnowledgeBase(dir, sample);
  writeKnowledgeBase(dir, { ...sample, entries: entries.slice(2), synonyms: [] });
  expect(loadKnowledgeBase(dir).entries.map((e) => e.id)).toEqual(['faq-1']);
  expect(readdirSync(tmp)).toEqual(['kb']);
});

test('an invalid entry is named by file, entry id and field', () => {
  mkdirSync(join(tmp, 'faq'));
  writeJson(join(tmp, 'faq', 'entries.json'), [
    { id: 'ok-1', question: '问题？', answer: '答案。' },
    { id: 'bad-1', question: '没有答案？', answer: '   ' },
  ]);
  const problems = problemsOf(tmp);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ file: join('faq', 'entries.json'), entry: 'bad-1', field: 'answer' });
});

test('an entry without an id is named by its position, a bad nested field by its path', () => {
  mkdirSync(join(tmp, 'items'));
  writeJson(join(tmp, 'items', 'a.json'), [
    { name: '无编号', department: '某局' },
    { id: 'i-2', name: '材料缺名', department: '某局', materials: [{ form: '原件' }] },
  ]);
  const problems = problemsOf(tmp);
  expect(problems).toContainEqual(expect.objectContaining({ entry: '#1', field: 'id' }));
  expect(problems).toContainEqual(expect.objectContaining({ entry: 'i-2', field: 'materials.0.name' }));
});

test('a duplicate id is reported with the file that defined it first', () => {
  mkdirSync(join(tmp, 'faq'));
  writeJson(join(tmp, 'faq', 'a.json'), [{ id: 'dup', question: '一？', answer: '一。' }]);
  writeJson(join(tmp, 'faq', 'b.json'), [{ id: 'dup', question: '二？', answer: '二。' }]);
  const problems = problemsOf(tmp);
  expect(problems).toEqual([
    expect.objectContaining({ file: join('faq', 'b.json'), entry: 'dup', field: 'id', message: expect.stringContaining(join('faq', 'a.json')) }),
  ]);
});

test('broken JSON, a non-array file and an entry in the wrong folder are each reported', () => {
  mkdirSync(join(tmp, 'faq'));
  mkdirSync(join(tmp, 'policies'));
  writeJson(join(tmp, 'faq', 'broken.json'), '[{"id": "x",');
  writeJson(join(tmp, 'faq', 'object.json'), { id: 'x' });
  writeJson(join(tmp, 'policies', 'p.json'), [{ kind: 'faq', id: 'f', question: '问？', answer: '答。' }]);
  const problems = problemsOf(tmp);
  expect(problems).toContainEqual(expect.objectContaining({ file: join('faq', 'broken.json'), message: expect.stringContaining('not valid JSON') }));
  expect(problems).toContainEqual(expect.objectContaining({ file: join('faq', 'object.json'), message: 'expected a JSON array of entries' }));
  expect(problems).toContainEqual(expect.objectContaining({ file: join('policies', 'p.json'), entry: 'f', field: 'kind' }));
});

test('a bad manifest and a missing directory fail too', () => {
  writeJson(join(tmp, 'manifest.json'), { name: '' });
  expect(problemsOf(tmp)).toContainEqual(expect.objectContaining({ file: 'manifest.json', field: 'name' }));
  expect(problemsOf(join(tmp, 'nope'))).toEqual([expect.objectContaining({ message: 'no such directory' })]);
});
