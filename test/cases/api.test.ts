/**
 * POST /api/v1/hotline/cases/similar over real HTTP on the composed server (startQihu, embedded
 * default: the knowledge store seeded from knowledge-base/, its cases.json included): operators
 * only, zod-validated, the sample's synthetic cases with departments and levels, and the example of
 * docs/openapi.yaml parsing with the route's schema.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { SimilarCasesRequest } from '../../src/http/cases-router';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

const OPERATOR_TOKEN = 'operator-token-cases-0123';
const EDITOR_TOKEN = 'editor-token-cases-0123';
const ADMIN_TOKEN = 'admin-token-cases-0123';
const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
const PATH = '/api/v1/hotline/cases/similar';

interface CaseView {
  id: string;
  title: string;
  department?: string;
  gist: string;
  reply: string;
  similarity: number;
  level: string;
  synthetic?: boolean;
}

let qihu: Qihu;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'qihu-cases-api-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    AUTH_TOKENS: `line1:operator:${hashSecret(OPERATOR_TOKEN)},kb:editor:${hashSecret(EDITOR_TOKEN)},root:admin:${hashSecret(ADMIN_TOKEN)}`,
  });
  qihu = await startQihu(config, silentLogger);
});

afterAll(async () => {
  await qihu.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (body: unknown, headers: Record<string, string> = auth) =>
  fetch(qihu.url + PATH, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

it('needs an operator (or admin): 401 without credentials, 403 for an editor', async () => {
  expect((await post({ text: '工地噪音' }, {})).status).toBe(401);
  expect((await post({ text: '工地噪音' }, { authorization: `Bearer ${EDITOR_TOKEN}` })).status).toBe(403);
  expect((await post({ text: '工地噪音' }, { authorization: `Bearer ${ADMIN_TOKEN}` })).status).toBe(200);
});

it('answers the three most similar sample cases, with department, gist, whole reply and level', async () => {
  const res = await post({ text: '东城区工地夜间施工噪音扰民，晚上睡不着' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { cases: CaseView[]; total: number };
  expect(body.total).toBe(10);
  expect(body.cases).toHaveLength(3);
  expect(body.cases[0]).toMatchObject({ id: 'sample-case-001', department: '示例市城市管理和综合执法局', level: 'high', synthetic: true });
  // The gist leaves the formulas out; the reply is whole.
  expect(body.cases[0]!.gist.startsWith('经示例市城市管理和综合执法局东城中队现场核查')).toBe(true);
  expect(body.cases[0]!.reply.startsWith('网友您好！您的留言已收悉。')).toBe(true);
  const sims = body.cases.map((c) => c.similarity);
  expect([...sims].sort((a, b) => b - a)).toEqual(sims);
  for (const c of body.cases) expect(['high', 'medium', 'low']).toContain(c.level);
});

it('finds a case written in traditional script, and leaves the department out when the reply names none', async () => {
  const trad = (await (await post({ text: '步行街店門口晚上有攤販佔道擺攤' })).json()) as { cases: CaseView[] };
  expect(trad.cases[0]).toMatchObject({ id: 'sample-case-009' });
  expect(trad.cases[0]!.department).toBeUndefined();
});

it('refuses bad input with 400 and the issues, never a crash', async () => {
  for (const body of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(4001) }, { text: '噪音', limit: 9 }, { text: '噪音', extra: 1 }, [], { text: 5 }]) {
    const res = await post(body);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { error: string; issues: unknown[] };
    expect(problem.error).toBe('QH_ERR_VALIDATION');
    expect(problem.issues.length).toBeGreaterThan(0);
  }
  for (const broken of ['{"text": ', 'null']) expect((await post(broken)).status).toBe(400);
});

it('answers fewer cases, or none, when few share a word with the text', async () => {
  const body = (await (await post({ text: 'xyz qqq', limit: 5 })).json()) as { cases: CaseView[] };
  expect(body.cases).toEqual([]);
});

it('is documented in docs/openapi.yaml with an example the route accepts', () => {
  const doc = yaml.load(readFileSync(join(__dirname, '../../docs/openapi.yaml'), 'utf8')) as {
    paths: Record<string, { post: { requestBody: { content: { 'application/json': { example: unknown } } } } }>;
  };
  const example = doc.paths[PATH]!.post.requestBody.content['application/json'].example;
  expect(SimilarCasesRequest.safeParse(example).success).toBe(true);
});
