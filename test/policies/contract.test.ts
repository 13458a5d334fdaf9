/**
 * The policy contract end to end: `npm run kb -- import --from policies-jsonl`, `npm run -s policy --
 * match`, and POST /api/v1/policies/match on the real server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { loadKnowledgeBase } from '../../src/kb';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';

const root = join(__dirname, '../..');
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, encoding: 'utf8' });

const POLICIES = [
  {
    id: 'rent-subsidy',
    title: '小微企业房租补贴',
    benefit: '每月补贴房租的30%，最高1000元',
    exemptApplication: true,
    eligibility: {
      all: [
        { id: 'size', fact: 'size', op: 'in', value: ['小型', '微型'], text: '小型、微型企业' },
        { id: 'young', fact: 'establishedYears', op: '<=', value: 3, text: '成立不超过3年' },
        { not: { id: 'bad-credit', fact: 'taxCredit', op: 'in', value: ['C', 'D'], text: '纳税信用等级为C级或D级的除外' } },
      ],
    },
  },
  { id: '科技/奖励-1', title: '高企认定奖励', eligibility: { id: 'hte', fact: 'qualifications', op: 'includes', value: '高新技术企业', text: '国家高新技术企业' } },
  { id: 'big-only', title: '总部企业奖励', eligibility: { id: 'rev', fact: 'revenue', op: '>=', value: 100000, text: '上年度营业收入10亿元以上' } },
  { id: 'broken', title: '写错的政策', eligibility: { id: 'p', fact: 'profit', op: '>=', value: 1, text: '利润' } },
];

const PROFILES = [
  { id: 'E1', industry: 'C3911', employees: 50, revenue: 1000, establishedOn: '2024-01-01', taxCredit: 'B', qualifications: ['高新技术企业'], note: '多余的字段' },
  { id: 'E2', employees: 'many' },
  { industry: 'I6510' },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-policies-'));
  writeFileSync(join(dir, 'policies.jsonl'), POLICIES.map((p) => JSON.stringify(p)).join('\n') + '\n');
  writeFileSync(join(dir, 'profiles.jsonl'), PROFILES.map((p) => JSON.stringify(p)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the policy contract', () => {
  it('imports policies with rules, refusing one that names an unknown fact, and matches profiles line by line', () => {
    const kb = join(dir, 'kb');
    const imported = run('src/cli/kb.ts', ['import', '--from', 'policies-jsonl', join(dir, 'policies.jsonl'), '--out', kb]);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('accepted: 3 of 4 rows');
    expect(imported.stdout).toMatch(/row 4 \(id broken\): eligibility\.fact:/);
    const policies = loadKnowledgeBase(kb).entries.filter((e) => e.kind === 'policy');
    expect(policies.map((p) => p.kind === 'policy' && [p.id, p.noApplication, p.eligibility])).toEqual([
      ['rent-subsidy', true, '小型、微型企业；成立不超过3年；纳税信用等级为C级或D级的除外'],
      [expect.stringMatching(/^policy-[0-9a-f]{12}$/), false, '国家高新技术企业'],
      ['big-only', false, '上年度营业收入10亿元以上'],
    ]);

    const out = join(dir, 'out.jsonl');
    const matched = run('src/cli/policy.ts', ['match', '--kb', kb, '--profiles', join(dir, 'profiles.jsonl'), '--out', out, '--on', '2026-12-04']);
    expect(matched.status).toBe(1); // one profile was invalid
    expect(matched.stderr).toContain('line 2: employees:');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        id: 'E1',
        size: '小型',
        results: [
          { policyId: 'rent-subsidy', verdict: 'eligible', met: ['size', 'young', 'bad-credit'], unmet: [], unknown: [] },
          { policyId: '科技/奖励-1', verdict: 'eligible', met: ['hte'], unmet: [], unknown: [] },
          { policyId: 'big-only', verdict: 'ineligible', met: [], unmet: ['rev'], unknown: [] },
        ],
      },
      { id: 'E2', error: expect.stringMatching(/^employees: /) },
      {
        id: '3',
        size: null,
        results: [
          { policyId: '科技/奖励-1', verdict: 'unknown', met: [], unmet: [], unknown: ['hte'] },
          { policyId: 'big-only', verdict: 'unknown', met: [], unmet: [], unknown: ['rev'] },
          { policyId: 'rent-subsidy', verdict: 'unknown', met: [], unmet: [], unknown: ['size', 'young', 'bad-credit'] },
        ],
      },
    ]);

    const usage = run('src/cli/policy.ts', ['match', '--kb', kb]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('match needs --kb <dir>, --profiles <file> and --out <file>');
  });
});

describe('npm run -s policy -- extract', () => {
  it('writes the condition items each clause states, a line per clause, and names a bad line', () => {
    const input = join(dir, 'clauses.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'c1', text: '注册成立满3年，上年度营业收入不低于2000万元的高新技术企业' }),
        JSON.stringify({ id: 'c2', text: '积极履行社会责任' }),
        JSON.stringify({ id: 'c3' }),
        JSON.stringify({ text: '没有编号的条款' }),
      ].join('\n') + '\n',
    );
    const out = join(dir, 'clauses.out.jsonl');
    const run1 = run('src/cli/policy.ts', ['extract', '--in', input, '--out', out]);
    expect(run1.status).toBe(1);
    expect(run1.stderr).toContain('line 3: text:');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; items?: { fact: string; op: string; value: unknown }[] });
    expect(lines[0]!.id).toBe('c1');
    expect(lines[0]!.items!.map(({ fact, op, value }) => ({ fact, op, value }))).toEqual([
      { fact: 'establishedYears', op: '>=', value: 3 },
      { fact: 'revenue', op: '>=', value: 2000 },
      { fact: 'qualifications', op: 'includes', value: '高新技术企业' },
    ]);
    expect(lines[1]).toEqual({ id: 'c2', items: [] });
    // A bad line keeps the clause's id when it has one, else its line number.
    expect(lines[2]).toMatchObject({ id: 'c3', error: expect.stringMatching(/^text:/) });
    expect(lines[3]).toMatchObject({ id: '4', error: expect.stringMatching(/^id:/) });
  });
});

describe('POST /api/v1/policies/match', () => {
  let qihu: Qihu;
  let dataDir: string;
  beforeAll(async () => {
    const kbDir = join(dir, 'kb-http');
    const imported = run('src/cli/kb.ts', ['import', '--from', 'policies-jsonl', join(dir, 'policies.jsonl'), '--out', kbDir]);
    expect(imported.status).toBe(0);
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-policies-data-'));
    qihu = await startQihu(loadConfig({ PORT: '0', DATA_DIR: dataDir }), silentLogger, { knowledgeBase: loadKnowledgeBase(kbDir), chatPage: false });
  });
  afterAll(async () => {
    await qihu.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const match = (body: unknown) =>
    fetch(qihu.url + '/api/v1/policies/match', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers every policy with its verdict and explained items, eligible first', async () => {
    const res = await match({ profile: { industry: 'C3911', employees: 50, revenue: 1000, establishedOn: '2020-01-01' }, on: '2026-12-04' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { on: string; size: string; results: { policyId: string; verdict: string; items: unknown[] }[] };
    expect(body.on).toBe('2026-12-04');
    expect(body.size).toBe('小型');
    expect(body.results.map((r) => [r.policyId, r.verdict])).toEqual([
      [expect.stringMatching(/^policy-/), 'unknown'],
      ['rent-subsidy', 'ineligible'],
      ['big-only', 'ineligible'],
    ]);
    expect(body.results[1]!.items).toEqual([
      { id: 'size', text: '小型、微型企业', fact: 'size', value: '小型', status: 'met' },
      { id: 'young', text: '成立不超过3年', fact: 'establishedYears', value: 6.92, shown: '6年11个月3天', status: 'unmet' },
      { id: 'bad-credit', text: '纳税信用等级为C级或D级的除外', fact: 'taxCredit', status: 'unknown' },
    ]);
  });

  it('refuses a profile of the wrong shape with 400 naming each field', async () => {
    const res = await match({ profile: { employees: -1, revenue: '1000', creditCode: '123', colour: 'red' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string }[] };
    expect(body.error).toBe('QH_ERR_VALIDATION');
    expect(body.issues.map((i) => i.path).sort()).toEqual(['profile', 'profile.creditCode', 'profile.employees', 'profile.revenue']);
  });
});
