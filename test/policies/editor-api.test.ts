/**
 * The eligibility form's API over real HTTP (a whole qihu, file stores under a temporary DATA_DIR)
 * and the impact count over a registry in memory; the policy dialog reached through the chat API.
 */
import { memoryDirectory, type EligibilityNode, type RegisteredEnterprise } from '../../src/policies';
import { measureImpact } from '../../src/http/editor-policies-router';
import { api, chat, OPERATOR_TOKEN, sessionId, startInboxQihu, type InboxQihu } from '../inbox/support';

let qihu: InboxQihu;
beforeAll(async () => {
  qihu = await startInboxQihu();
}, 60_000);
afterAll(() => qihu.stop());

const RULES = { all: [{ id: 'reg', fact: 'district', op: 'in', value: ['东城区'], text: '在东城区注册' }, { id: 'chk', text: '无失信记录', check: 'manual' }] };

describe('the eligibility form API', () => {
  it('is for editors only', async () => {
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/policies/vocabulary', undefined, {})).status).toBe(401);
    expect((await api(qihu.url, 'POST', '/api/v1/admin/kb/policies/impact', { eligibility: RULES }, { authorization: `Bearer ${OPERATOR_TOKEN}` })).status).toBe(403);
  });

  it('lists the closed vocabulary: facts with their operators, qualifications, districts, sections', async () => {
    const { status, json } = await api<{ facts: { fact: string; operators: string[] }[]; qualifications: string[]; districts: string[]; industries: { code: string }[] }>(
      qihu.url,
      'GET',
      '/api/v1/admin/kb/policies/vocabulary',
    );
    expect(status).toBe(200);
    expect(json.facts.find((f) => f.fact === 'qualifications')!.operators).toEqual(['includes']);
    expect(json.facts.find((f) => f.fact === 'industry')!.operators).toContain('prefix');
    expect(json.qualifications).toContain('高新技术企业');
    expect(json.districts).toContain('东城区');
    expect(json.industries.map((i) => i.code)).toContain('C');
  });

  it('refuses a draft with an unknown fact or a value that does not fit, naming the field', async () => {
    const bad = { all: [{ id: 'x', fact: 'turnover', op: '>=', value: 1, text: 'x' }, { id: 'y', fact: 'employees', op: 'includes', value: 3, text: 'y' }] };
    const { status, json } = await api<{ issues: { path: string; message: string }[] }>(qihu.url, 'POST', '/api/v1/admin/kb/policies/impact', { eligibility: bad });
    expect(status).toBe(400);
    const paths = json.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['eligibility.all.0.fact', 'eligibility.all.1.op']));
  });

  it('counts the registry before and after (the synthetic sample it was seeded with), and suggests items from a conditions text', async () => {
    type Counts = { eligible: number; ineligible: number; unknown: number };
    const impact = await api<{ total: number; after: Counts }>(qihu.url, 'POST', '/api/v1/admin/kb/policies/impact', { policyId: 'policy-high-tech-enterprise-award', eligibility: RULES });
    expect(impact.status).toBe(200);
    // Every enterprise of the registry (seeded from knowledge-base/enterprises.sample.csv) gets exactly one verdict.
    expect(impact.json.total).toBe(300);
    const { eligible, ineligible, unknown } = impact.json.after;
    expect(eligible + ineligible + unknown).toBe(300);
    const s = await api<{ items: { id: string; fact: string; op: string; value: unknown }[] }>(qihu.url, 'POST', '/api/v1/admin/kb/policies/suggest', {
      text: '申报企业须在示例区注册，成立满3年，研发费用占营业收入比例不低于3%',
    });
    expect(s.status).toBe(200);
    expect(s.json.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ fact: 'establishedYears', op: '>=', value: 3 }), expect.objectContaining({ fact: 'rdRatio', op: '>=', value: 3 })]),
    );
    expect(s.json.items.map((i) => i.id)).toEqual(s.json.items.map((_, n) => `s${n + 1}`));
    expect((await api(qihu.url, 'POST', '/api/v1/admin/kb/policies/suggest', { text: '' })).status).toBe(400);
  });

  it('opens the policy dialog from the chat API', async () => {
    const sid = sessionId();
    const out = await chat(qihu.url, sid, '我们公司能享受哪些惠企政策');
    // The server's registry is empty, but there is one: the code is asked for first.
    expect(out[0]!.text).toContain('统一社会信用代码');
    expect(out[0]!.choices!.map((c) => c.label)).toEqual(['回答几个问题']);
    const q = await chat(qihu.url, sid, '回答几个问题');
    expect(q[q.length - 1]!.choices!.map((c) => c.label)).toContain('跳过');
  });
});

describe('measureImpact', () => {
  const enterprises: RegisteredEnterprise[] = [
    { id: 'a', name: 'A', district: '东城区' },
    { id: 'b', name: 'B', district: '西城区' },
    { id: 'c', name: 'C' },
  ];
  const item = (value: string[]): EligibilityNode => ({ id: 'reg', fact: 'district', op: 'in', value, text: '注册地' });

  it('counts each verdict before and after, and what the change moves', async () => {
    const r = await measureImpact(memoryDirectory(enterprises), item(['东城区', '西城区']), item(['东城区']), '2026-12-05');
    expect(r).toEqual({
      total: 3,
      before: { eligible: 1, ineligible: 1, unknown: 1 },
      after: { eligible: 2, ineligible: 0, unknown: 1 },
      changed: { toEligible: 1, toIneligible: 0, toUnknown: 0 },
    });
    expect((await measureImpact(memoryDirectory(enterprises), item(['东城区']), undefined, '2026-12-05')).changed).toBeNull();
  });
});
