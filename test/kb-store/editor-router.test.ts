/**
 * The editor API over real HTTP, on the file store (the contract suite covers both stores).
 * Authentication is a test-only stand-in: the real middleware comes from src/auth.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { RequestHandler } from 'express';
import { mark } from '../../src/auth/markers';
import { assertRoutesProtected } from '../../src/auth/route-audit';
import type { Role } from '../../src/auth/tokens';
import { createApp } from '../../src/http/app';
import { createEditorRouter, type EditorRouterDeps } from '../../src/http/editor-router';
import type { KbStore } from '../../src/kb/store';
import { createLiveKnowledgeBase, type LiveKnowledgeBase } from '../../src/knowledge';
import { createFileKbStore } from '../../src/storage';
import { silentLogger } from '../../src/log';
import { faq, KB_DIR } from './store.contract';

const FIXTURES = join(__dirname, '..', 'fixtures', 'import');

/** Test-only stand-in for the auth middleware: `x-test-principal: name:role`. */
const testRequireRole = (role: Role): RequestHandler =>
  mark<RequestHandler>(
    (req, res, next) => {
      const [name, r] = String(req.get('x-test-principal') ?? '').split(':');
      if (!name || !r) return void res.status(401).json({ error: 'QH_ERR_UNAUTHORIZED' });
      if (r !== role && r !== 'admin') return void res.status(403).json({ error: 'QH_ERR_FORBIDDEN' });
      res.locals.principal = { name, role: r };
      next();
    },
    { kind: 'role', role },
  );

interface Api {
  url: string;
  store: KbStore;
  live: LiveKnowledgeBase;
  server: Server;
  dir: string;
  app: ReturnType<typeof createApp>;
}

async function start(extra: Partial<EditorRouterDeps> = {}): Promise<Api> {
  const dir = mkdtempSync(join(tmpdir(), 'qihu-editor-'));
  const store = await createFileKbStore({ dir });
  await store.seedIfEmpty(KB_DIR);
  const live = await createLiveKnowledgeBase({ store, log: silentLogger, pollIntervalMs: 0 });
  const app = createApp({ log: silentLogger, bodyLimit: '256kb', routers: [createEditorRouter({ store, live, requireRole: testRequireRole, ...extra })] });
  const server = createServer(app);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/admin/kb`, store, live, server, dir, app };
}

async function stop(api: Api): Promise<void> {
  await new Promise<void>((ok) => {
    api.server.close(() => ok());
    api.server.closeAllConnections();
  });
  await api.live.close();
  await api.store.close();
  rmSync(api.dir, { recursive: true, force: true });
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let api: Api;
const as = (who = 'alice:editor') => ({ 'x-test-principal': who });

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = as()): Promise<{ status: number; body: Json }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(api.url + path, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function upload(query: string, bytes: Uint8Array | string, who = 'carol:editor'): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${api.url}/import?${query}`, {
    method: 'POST',
    headers: { ...as(who), 'content-type': 'application/octet-stream' },
    body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const issuesOf = (body: Json) => Object.fromEntries((body.issues as { path: string; message: string }[]).map((i) => [i.path, i.message]));

beforeEach(async () => {
  api = await start();
});
afterEach(async () => {
  await stop(api);
});

describe('access', () => {
  test('every route needs the editor role (admin passes); the route audit finds them all guarded', async () => {
    expect((await call('GET', '/status', undefined, {})).status).toBe(401);
    expect((await call('GET', '/status', undefined, as('olga:operator'))).status).toBe(403);
    expect((await call('GET', '/status', undefined, as('root:admin'))).status).toBe(200);
    expect((await upload('from=faq-csv', 'x', 'olga:operator')).status).toBe(403);
    const routes = assertRoutesProtected(api.app);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(new Set(routes.map((r) => r.requiredRole))).toEqual(new Set(['editor']));
  });
});

describe('entries', () => {
  test('browse, search and filter', async () => {
    const all = await call('GET', '/entries?limit=500');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(100);
    expect(all.body.items[0]).toMatchObject({ id: expect.any(String), kind: expect.any(String), title: expect.any(String), version: 1, updatedBy: 'seed' });
    const q = await call('GET', `/entries?kind=faq&q=${encodeURIComponent('社保')}`);
    expect(q.body.total).toBeGreaterThan(0);
    expect(q.body.items.every((i: Json) => i.kind === 'faq')).toBe(true);
    const tagged = await call('GET', `/entries?tag=${encodeURIComponent('信用修复')}`);
    expect(tagged.body.items.map((i: Json) => i.id)).toContain('faq-0046');
    const bad = await call('GET', '/entries?limit=0&kind=memo');
    expect(bad.status).toBe(400);
    expect(Object.keys(issuesOf(bad.body)).sort()).toEqual(['kind', 'limit']);
  });

  test('create, read with history, update with expectedVersion, delete, roll back', async () => {
    const created = await call('POST', '/entries', { entry: faq('faq-new', '新问题？', '新答案。') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, changeSetId: 'cs2', entry: { id: 'faq-new', alternates: [] } });
    expect((await call('POST', '/entries', { entry: faq('faq-new', '重复') })).status).toBe(409);

    const updated = await call('PUT', '/entries/faq-new', { expectedVersion: 1, entry: faq('faq-new', '新问题？', '改过的答案。') }, as('bob:editor'));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, changed: true });

    const stale = await call('PUT', '/entries/faq-new', { expectedVersion: 1, entry: faq('faq-new', '新问题？', '旧页面') });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      error: 'QH_ERR_CONFLICT',
      detail: '条目 faq-new 已被他人修改（当前版本 2，你编辑的是版本 1）',
      issues: [{ path: 'expectedVersion', code: 'stale', message: '已被他人修改：当前版本 2，请刷新后再改' }],
    });

    const got = await call('GET', '/entries/faq-new');
    expect(got.body).toMatchObject({ version: 2, updatedBy: 'bob', entry: { answer: '改过的答案。' }, historyCount: 2 });
    expect(got.body.history[0]).toMatchObject({ version: 2, author: 'bob', diff: [{ path: 'answer', before: '新答案。', after: '改过的答案。' }] });

    const v1 = await call('GET', '/entries/faq-new/versions/1');
    expect(v1.body).toMatchObject({ version: 1, author: 'alice', value: { answer: '新答案。' } });
    const rolled = await call('POST', '/entries/faq-new/rollback', { toVersion: 1 });
    expect(rolled.body).toMatchObject({ version: 3, changed: true });
    expect((await call('GET', '/entries/faq-new')).body.entry.answer).toBe('新答案。');

    expect((await call('DELETE', '/entries/faq-new?expectedVersion=2')).status).toBe(409);
    expect((await call('DELETE', '/entries/faq-new')).status).toBe(400);
    const deleted = await call('DELETE', '/entries/faq-new?expectedVersion=3');
    expect(deleted.body).toMatchObject({ version: 4, changed: true });
    const gone = await call('GET', '/entries/faq-new');
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toBe('条目 faq-new 已被删除');
    expect((await call('GET', '/entries/faq-new/versions')).body.versions.map((v: Json) => v.op)).toEqual(['delete', 'update', 'update', 'create']);
    const never = await call('GET', '/entries/no-such-entry');
    expect([never.status, never.body.detail]).toEqual([404, '没有编号为 no-such-entry 的条目']);
  });

  test('validation errors name each field with a Chinese message', async () => {
    const bad = await call('POST', '/entries', { entry: { kind: 'faq', id: 'bad id', question: '  ', answer: 42, colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('QH_ERR_VALIDATION');
    expect(issuesOf(bad.body)).toEqual({
      'entry.id': '编号只能包含字母、数字和 . _ : -，且以字母或数字开头',
      'entry.question': '不能为空',
      'entry.answer': '应为文本',
      'entry.colour': '不认识的字段',
    });
    const noKind = await call('POST', '/entries', { entry: { id: 'x' } });
    expect(issuesOf(noKind.body)['entry.kind']).toContain('faq');
    const policy = await call('POST', '/entries', {
      entry: { kind: 'policy', id: 'p-1', title: '政策', level: '市', department: '局', summary: 's', eligibility: 'e', benefits: 'b', howToApply: 'h', validFrom: '2026-05-01', validTo: '2026-01-01', online: true },
    });
    expect(issuesOf(policy.body)).toEqual({ 'entry.validTo': '截止日期不能早于开始日期', 'entry.online': '不认识的字段' });
    // Eligibility rules naming an unknown fact or operator are refused at save, the field named, and nothing is written.
    const rules = { all: [{ id: 'a', fact: 'profit', op: '>=', value: 1, text: '利润' }, { id: 'b', fact: 'revenue', op: '~', value: 1, text: '收入' }] };
    const badRules = await call('POST', '/entries', { entry: { kind: 'policy', id: 'p-rules', title: '政策', summary: 's', rules } });
    expect(badRules.status).toBe(400);
    expect(Object.keys(issuesOf(badRules.body)).sort()).toEqual(['entry.rules.all.0.fact', 'entry.rules.all.1.op']);
    expect((await call('GET', '/entries/p-rules')).status).toBe(404);
    const item = await call('POST', '/entries', { entry: { kind: 'item', id: 'i-1', name: '事项', department: '局', materials: [{ name: '' }], online: { available: true, url: 'nope' } } });
    expect(issuesOf(item.body)).toEqual({ 'entry.materials.0.name': '不能为空', 'entry.online.url': '不是有效的网址' });

    const noVersion = await call('PUT', '/entries/faq-0046', { entry: faq('faq-0046', '问') });
    expect(issuesOf(noVersion.body)).toEqual({ expectedVersion: '必填' });
    const renamed = await call('PUT', '/entries/faq-0046', { expectedVersion: 1, entry: faq('faq-other', '问') });
    expect(Object.keys(issuesOf(renamed.body))).toEqual(['entry.id']);
    const malformed = await fetch(`${api.url}/entries`, { method: 'POST', headers: { ...as(), 'content-type': 'application/json' }, body: '{"entry":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).error).toBe('QH_ERR_MALFORMED_JSON');
  });
});

describe('synonyms and routing', () => {
  test('synonyms: read, replace with expectedVersion, roll back', async () => {
    const cur = await call('GET', '/synonyms');
    expect(cur.body.version).toBe(1);
    const groups = [...cur.body.groups, ['孵化器', '众创空间']];
    const put = await call('PUT', '/synonyms', { expectedVersion: 1, groups });
    expect(put.body).toMatchObject({ version: 2, changed: true });
    expect((await call('PUT', '/synonyms', { expectedVersion: 1, groups })).status).toBe(409);
    const bad = await call('PUT', '/synonyms', { expectedVersion: 2, groups: [['孤单']] });
    expect(issuesOf(bad.body)).toEqual({ 'groups.0': '至少需要 2 项' });
    expect((await call('GET', '/synonyms/versions')).body.versions).toHaveLength(2);
    await call('POST', '/synonyms/rollback', { toVersion: 1 });
    expect((await call('GET', '/synonyms')).body).toMatchObject({ version: 3, groups: cur.body.groups });
  });

  test('routing: validated with the routing-table schema, field by field', async () => {
    const cur = await call('GET', '/routing');
    expect(cur.body.version).toBe(1);
    const routing = structuredClone(cur.body.routing);
    routing.rules[1].department = '不存在的部门';
    routing.rules[2].keywords = [];
    routing.rules[2].patterns = [];
    routing.rules[2].all = [];
    const bad = await call('PUT', '/routing', { expectedVersion: 1, routing });
    expect(bad.status).toBe(400);
    expect(issuesOf(bad.body)).toEqual({
      'routing.rules.1.department': '未知部门“不存在的部门”：请先在 departments 中添加',
      'routing.rules.2': '规则至少需要关键词（keywords）、正则（patterns）或组合条件（all）之一',
    });
    const good = structuredClone(cur.body.routing);
    good.rules[0].keywords.push('测试关键词');
    expect((await call('PUT', '/routing', { expectedVersion: 1, routing: good })).body).toMatchObject({ version: 2 });
    const history = await call('GET', '/routing/versions');
    expect(history.body.versions[0].diff).toEqual([{ path: `rules.0.keywords.${good.rules[0].keywords.length - 1}`, after: '测试关键词' }]);
  });
});

describe('import and export', () => {
  test('CSV: a dry-run report first, then the import as one change set, then undone as a whole', async () => {
    const csv = readFileSync(join(FIXTURES, 'faq-zh.csv'));
    const dry = await upload('from=faq-csv&source=faq-zh.csv', csv);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, from: 'faq-csv', mode: 'merge', changeSetId: null, removed: { count: 0 } });
    expect(dry.body.accepted).toBeGreaterThan(0);
    expect(dry.body.added.count).toBe(dry.body.accepted);
    expect((await call('GET', '/status')).body.seq).toBe(1);

    const real = await upload('from=faq-csv&source=faq-zh.csv&dryRun=false', csv);
    expect(real.body).toMatchObject({ dryRun: false, changeSetId: 'cs2', added: { count: dry.body.accepted } });
    const cs = await call('GET', '/change-sets/cs2');
    expect(cs.body).toMatchObject({ action: 'import', author: 'carol', source: 'faq-zh.csv', counts: { added: dry.body.accepted } });
    expect(cs.body.changes[0].diff.length).toBeGreaterThan(0);
    const again = await upload('from=faq-csv&source=faq-zh.csv&dryRun=true', csv);
    expect(again.body).toMatchObject({ added: { count: 0 }, unchanged: dry.body.accepted });

    const undo = await call('POST', '/change-sets/cs2/rollback', {});
    expect(undo.body).toMatchObject({ changed: true, targets: dry.body.accepted });
    expect((await call('GET', `/entries/${dry.body.added.ids[0]}`)).status).toBe(404);
    const list = await call('GET', '/change-sets');
    expect(list.body.items.map((c: Json) => [c.id, c.action])).toEqual([
      ['cs3', 'rollback-change-set'],
      ['cs2', 'import'],
      ['cs1', 'seed'],
    ]);
  });

  test('Excel and Guangdong JSONL go through their importers; rejected rows are reported with reasons', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('faq');
    sheet.addRow(['编号', '标准问题', '回答', '责任部门']);
    sheet.addRow(['x-1', '表格里的问题？', '表格里的答案。', '示例局']);
    sheet.addRow(['x-2', '没有答案的问题？', null, '示例局']);
    const xlsx = await upload('from=xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(xlsx.status).toBe(200);
    expect(xlsx.body).toMatchObject({ accepted: 1, rejectedCount: 1, rejected: [{ row: 3 }], added: { ids: ['x-1'] } });

    const gd = await upload('from=gd-items&replace=no&mode=merge', readFileSync(join(FIXTURES, 'gd-sample.jsonl')));
    expect(gd.status).toBe(200);
    expect(gd.body.accepted).toBeGreaterThan(0);
    expect(gd.body.added.ids.every((id: string) => id.length > 0)).toBe(true);
    const replace = await upload('from=gd-items&mode=replace', readFileSync(join(FIXTURES, 'gd-sample.jsonl')));
    expect(replace.body.removed.count).toBeGreaterThan(0);
    expect((await call('GET', '/status')).body.seq).toBe(1);
  });

  test('unreadable files and mostly rejected files write nothing', async () => {
    const broken = await upload('from=gd-items&dryRun=false', readFileSync(join(FIXTURES, 'gd-broken.jsonl')));
    expect(broken.status).toBe(400);
    expect(broken.body.issues[0]).toMatchObject({ path: 'file', code: 'json' });
    expect((await upload('from=xlsx&dryRun=false', 'not a workbook')).body.issues[0]).toMatchObject({ path: 'file', code: 'format' });
    expect((await upload('from=faq-csv&dryRun=false', '')).status).toBe(400);
    expect((await upload('from=pdf', 'x')).body.issues[0].path).toBe('from');

    const mostly = readFileSync(join(FIXTURES, 'faq-mostly-rejected.csv'));
    const refused = await upload('from=faq-csv&dryRun=false', mostly);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('force=true');
    expect((await call('GET', '/status')).body.seq).toBe(1);
    const forced = await upload('from=faq-csv&dryRun=false&force=true', mostly);
    expect(forced.body).toMatchObject({ accepted: 1, changeSetId: 'cs2' });
  });

  test('an import larger than the limit is refused with 413', async () => {
    await stop(api);
    api = await start({ maxImportBytes: 1024 });
    const res = await upload('from=faq-csv', 'id,question,answer\n' + 'a,b,c\n'.repeat(400));
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('QH_ERR_PAYLOAD_TOO_LARGE');
  });

  test('export is the whole draft; importing it as a bundle restores another instance', async () => {
    await call('POST', '/entries', { entry: faq('faq-extra', '导出前新增的问题') });
    const res = await fetch(`${api.url}/export`, { headers: as() });
    expect(res.headers.get('content-disposition')).toContain('qihu-kb-2.json');
    const bundle = (await res.json()) as Json;
    expect(bundle).toMatchObject({ format: 'qihu.kb-export/v1', seq: 2 });

    const first = api;
    api = await start();
    try {
      // Diverge the second instance first: the bundle replaces everything.
      await call('POST', '/entries', { entry: faq('faq-local', '只在这里的问题') });
      const dry = await upload('from=bundle', JSON.stringify(bundle));
      expect(dry.body).toMatchObject({ mode: 'replace', added: { ids: ['faq-extra'] }, removed: { ids: ['faq-local'] } });
      const real = await upload('from=bundle&dryRun=false&source=backup.json', JSON.stringify(bundle));
      expect(real.status).toBe(200);
      const after = (await (await fetch(`${api.url}/export`, { headers: as() })).json()) as Json;
      expect(after.entries).toEqual(bundle.entries);
      expect(after.synonyms).toEqual(bundle.synonyms);
      expect(after.routing).toEqual(bundle.routing);
      const bad = await upload('from=bundle', JSON.stringify({ ...bundle, entries: [{ kind: 'faq', id: 'x' }] }));
      expect(bad.status).toBe(400);
      expect(Object.keys(issuesOf(bad.body))).toEqual(['entries.0.question', 'entries.0.answer']);
    } finally {
      await stop(api);
      api = first;
    }
  });
});

describe('audit, publish and status', () => {
  test('the audit log lists who changed what; publish makes the draft live here at once', async () => {
    await call('POST', '/entries', { entry: faq('faq-a', '问题 A') }, as('alice:editor'));
    await call('DELETE', '/entries/faq-a?expectedVersion=1', undefined, as('bob:admin'));
    let status = await call('GET', '/status');
    expect(status.body).toMatchObject({ seq: 3, unpublishedChanges: 2, published: { revision: 'r1' }, live: { revision: 'r1' } });

    const pub = await call('POST', '/publish', { note: '删除测试条目' }, as('erin:editor'));
    expect(pub.body).toEqual({ revision: 'r2', seq: 3, changed: true, live: 'r2' });
    expect(api.live.revision()).toBe('r2');
    status = await call('GET', '/status');
    expect(status.body).toMatchObject({ seq: 3, unpublishedChanges: 0, published: { revision: 'r2', author: 'erin', note: '删除测试条目' } });
    expect((await call('POST', '/publish', {})).body).toMatchObject({ revision: 'r2', changed: false });

    const audit = await call('GET', '/audit?limit=3');
    expect(audit.body.records.map((r: Json) => [r.action, r.author, r.targets])).toEqual([
      ['publish', 'erin', []],
      ['delete', 'bob', ['faq-a']],
      ['create', 'alice', ['faq-a']],
    ]);
    const since = await call('GET', `/audit?since=${encodeURIComponent(audit.body.records[1].at)}`);
    expect(since.body.records.length).toBeGreaterThanOrEqual(2);
    expect((await call('GET', '/audit?since=yesterday')).status).toBe(400);
  });
});
