/**
 * The enterprise registry, 免申即享 notices, verification list and analytics over real HTTP on the
 * composed server (startQihu, embedded default: the registry seeded from the synthetic sample of
 * knowledge-base/ and scanned against the sample policies): editors only, credit codes masked in
 * lists, an upload dry-run by default, matches counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { waitFor } from '../support/qihu';

const OPERATOR_TOKEN = 'operator-token-policies-0123';
const EDITOR_TOKEN = 'editor-token-policies-0123';
const editor = { authorization: `Bearer ${EDITOR_TOKEN}` };
const GOOD = '91350100M000100Y43';

let qihu: Qihu;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'qihu-policy-admin-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, AUTH_TOKENS: `line1:operator:${hashSecret(OPERATOR_TOKEN)},kb:editor:${hashSecret(EDITOR_TOKEN)}` });
  qihu = await startQihu(config, silentLogger);
});

afterAll(async () => {
  await qihu.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = async (path: string, headers: Record<string, string> = editor) => {
  const res = await fetch(qihu.url + path, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items: Record<string, unknown>[]; total: number } };
};

it('needs an editor: 401 without credentials, 403 for an operator', async () => {
  for (const path of ['/api/v1/admin/enterprises', '/api/v1/admin/policies/notices', '/api/v1/admin/policies/verification', '/api/v1/admin/policies/stats']) {
    expect((await get(path, {})).status).toBe(401);
    expect((await get(path, { authorization: `Bearer ${OPERATOR_TOKEN}` })).status).toBe(403);
  }
  expect((await fetch(qihu.url + '/api/v1/admin/policies/scan', { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).status).toBe(403);
});

it('lists the seeded synthetic registry with masked credit codes, searches it, and looks one up by its full code', async () => {
  const all = await get('/api/v1/admin/enterprises?limit=5');
  expect(all.status).toBe(200);
  expect(all.body.info).toMatchObject({ count: 300, source: 'seed: enterprises.sample.csv', synthetic: true });
  expect(all.body.total).toBe(300);
  expect(all.body.items).toHaveLength(5);
  const first = all.body.items[0] as { name: string; creditCode: string };
  expect(first.creditCode).toMatch(/^91990000\*{8}[0-9A-Z]{2}$/);
  const found = await get(`/api/v1/admin/enterprises?q=${encodeURIComponent(first.name)}`);
  expect(found.body.items.map((e) => e.name)).toEqual([first.name]);
  const firstFull = await (async () => {
    for await (const e of qihu.policies.registry.list()) return e;
    return undefined;
  })();
  const one = await get(`/api/v1/admin/enterprises/${firstFull!.creditCode}`);
  expect(one.body).toMatchObject({ name: firstFull!.name, creditCode: firstFull!.creditCode });
  expect((await get(`/api/v1/admin/enterprises/${GOOD}`)).status).toBe(404);
  expect((await get('/api/v1/admin/enterprises?limit=0')).status).toBe(400);
});

it('the seeding scan told eligible enterprises and put the undecided ones on the verification list', async () => {
  const notices = await waitFor(async () => {
    const r = await get('/api/v1/admin/policies/notices?limit=500');
    return r.body.total > 0 ? r : undefined;
  });
  for (const n of notices.body.items) expect(String(n.creditCode ?? '')).not.toMatch(/^[0-9A-Z]{18}$/);
  // 六税两费减半 names 个体工商户: every synthetic 个体工商户 with a code is told.
  const halved = notices.body.items.filter((n) => n.policyId === 'policy-six-taxes-two-fees-halved');
  expect(halved.length).toBeGreaterThan(0);
  const told = halved[0]!;
  const full = await (async () => {
    for await (const e of qihu.policies.registry.list()) if (e.id === told.enterpriseId) return e;
    return undefined;
  })();
  if (full?.creditCode) expect((await qihu.policies.noticesFor(full.creditCode)).map((n) => n.policyId)).toContain('policy-six-taxes-two-fees-halved');

  const verify = await get('/api/v1/admin/policies/verification?policyId=policy-high-tech-enterprise-award&limit=3');
  expect(verify.body.total).toBeGreaterThan(0);
  expect(verify.body.items[0]).toMatchObject({ policyId: 'policy-high-tech-enterprise-award', missing: expect.arrayContaining([expect.objectContaining({ id: 'clean' })]) });
  // Scanning again sends nothing new.
  const res = await fetch(qihu.url + '/api/v1/admin/policies/scan', { method: 'POST', headers: editor });
  const summary = (await res.json()) as { enterprises: number; policies: { noticesSent: number }[] };
  expect(summary.enterprises).toBe(300);
  expect(summary.policies.every((p) => p.noticesSent === 0)).toBe(true);
});

it('an upload is a dry run by default; bad rows are reported and a mostly rejected file changes nothing', async () => {
  const csv = `企业名称,统一社会信用代码,所属区,从业人员\n示例新企业,${GOOD},示例区,5\n坏企业,91350100M000100Y44,示例区,5\n`;
  const put = (query: string, body: string) => fetch(`${qihu.url}/api/v1/admin/enterprises?${query}`, { method: 'PUT', headers: { ...editor, 'content-type': 'text/csv' }, body });
  const dry = (await (await put('', csv)).json()) as { dryRun: boolean; accepted: number; rejected: { row: number; reason: string }[] };
  expect(dry).toMatchObject({ dryRun: true, accepted: 1, rejected: [{ row: 3, reason: 'creditCode: 统一社会信用代码校验不通过' }] });
  expect((await get('/api/v1/admin/enterprises?limit=1')).body.total).toBe(300);
  const refused = await put('dryRun=false', `企业名称,从业人员\n坏,很多\n坏2,很多\n好,3\n`);
  expect(refused.status).toBe(400);
  expect((await get('/api/v1/admin/enterprises?limit=1')).body.total).toBe(300);
  expect((await put('format=xlsx', csv)).status).toBe(400);
});

it('counts matches: policies most matched and the facts most often missing', async () => {
  const before = (await get('/api/v1/admin/policies/stats')).body as unknown as { matchesAsked: number };
  const match = await fetch(qihu.url + '/api/v1/policies/match', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profile: { district: '示例区', qualifications: ['个体工商户'] } }),
  });
  expect(match.status).toBe(200);
  const stats = await waitFor(async () => {
    const s = (await get('/api/v1/admin/policies/stats')).body as unknown as { matchesAsked: number; policiesMatched: { policyId: string; title: string | null }[]; missingFacts: { fact: string }[] };
    return s.matchesAsked === before.matchesAsked + 1 ? s : undefined;
  });
  expect(stats.policiesMatched).toContainEqual(expect.objectContaining({ policyId: 'policy-six-taxes-two-fees-halved', title: expect.any(String) }));
  expect(stats.missingFacts.map((f) => f.fact)).toContain('employees');
});
