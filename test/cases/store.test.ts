/**
 * Past cases in the knowledge store (file backend; the Redis backend stores the same target the
 * same way): seeded from cases.json, replaced as one versioned change set, live after publish, kept
 * in the export and restored from it, rolled back; the live knowledge base indexes them (and keeps
 * the index when a publish leaves them unchanged); the editors' route reads a cases-jsonl file.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RequestHandler } from 'express';
import type { Role } from '../../src/auth/tokens';
import { createApp } from '../../src/http/app';
import { createEditorCasesRouter } from '../../src/http/editor-cases-router';
import { importCasesJsonl } from '../../src/kb/import';
import { CASES_TARGET, KbStoreError, PublishedContent, type KbStore } from '../../src/kb/store';
import { createLiveKnowledgeBase, type LiveKnowledgeBase } from '../../src/knowledge';
import { silentLogger } from '../../src/log';
import { createFileKbStore } from '../../src/storage';

const KB_DIR = resolve(__dirname, '../../knowledge-base');
const alice = { author: 'alice' };
const CASE = { id: 'new-1', title: '小区路灯不亮', text: '小区路灯坏了一个月', reply: '已转至县城管局核实、办理。', department: '县城管局' };

let dir: string;
let store: KbStore;
let live: LiveKnowledgeBase | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-cases-store-'));
  store = await createFileKbStore({ dir });
  await store.seedIfEmpty(KB_DIR);
});
afterEach(async () => {
  await live?.close();
  live = undefined;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('seeds the cases of cases.json with the rest, and publishes them', async () => {
  const draft = await store.getDraft();
  expect(draft.cases.version).toBe(1);
  expect(draft.cases.file?.cases.map((c) => c.id)).toContain('sample-case-001');
  const published = await store.published();
  expect(published?.cases?.cases).toHaveLength(10);
  expect((await store.history(CASES_TARGET))[0]).toMatchObject({ op: 'create', changeSetId: 'cs1' });
});

test('replaces the cases as one change set, checked, versioned, live after publish, and rolled back', async () => {
  await expect(store.putCases({ cases: [{ ...CASE, reply: '' }] }, alice)).rejects.toMatchObject({ code: 'invalid' });
  await expect(store.putCases({ cases: [CASE, CASE] }, alice)).rejects.toBeInstanceOf(KbStoreError);
  await expect(store.putCases({ cases: [CASE] }, { ...alice, expectedVersion: 7 })).rejects.toMatchObject({ code: 'conflict' });

  const write = await store.putCases({ cases: [CASE] }, { ...alice, expectedVersion: 1, source: 'replies.jsonl' });
  expect(write).toMatchObject({ version: 2, changed: true });
  const cs = await store.changeSet(write.changeSetId!);
  expect(cs).toMatchObject({ action: 'cases', source: 'replies.jsonl', author: 'alice' });
  expect((await store.auditLog({ limit: 1 }))[0]!.summary).toBe('更新往期案例（replies.jsonl）：1 件');
  // The same cases again change nothing.
  expect(await store.putCases({ cases: [CASE] }, alice)).toMatchObject({ changed: false, version: 2 });

  expect((await store.published())?.cases?.cases).toHaveLength(10);
  await store.publish(alice);
  expect((await store.published())?.cases?.cases).toEqual([CASE]);

  await store.rollbackChangeSet(write.changeSetId!, alice);
  expect((await store.getDraft()).cases.file?.cases).toHaveLength(10);
});

test('the export carries the cases; a bundle restores them, and an older bundle without them leaves them be', async () => {
  const bundle = await store.exportKb();
  expect(bundle.cases?.cases).toHaveLength(10);
  await store.putCases({ cases: [CASE] }, alice);
  await store.applyImport(bundle.entries, { ...alice, source: 'bundle', mode: 'replace', cases: bundle.cases ?? null });
  expect((await store.getDraft()).cases.file?.cases).toHaveLength(10);
  await store.putCases({ cases: [CASE] }, alice);
  await store.applyImport(bundle.entries, { ...alice, source: 'bundle', mode: 'replace' });
  expect((await store.getDraft()).cases.file?.cases).toEqual([CASE]);
});

test('a revision published before cases were kept reads as one without cases', () => {
  const older = { manifest: { name: 'x', sample: false }, entries: [], synonyms: [], routing: null };
  expect(PublishedContent.parse(older).cases).toBeNull();
});

test('the live knowledge base indexes the published cases, and keeps the index when they did not change', async () => {
  live = await createLiveKnowledgeBase({ store, log: silentLogger, pollIntervalMs: 0 });
  const first = live.cases();
  expect(first.size).toBe(10);
  expect(first.similar('东城区工地夜间施工噪音扰民', 1)[0]?.case.id).toBe('sample-case-001');

  // An entry-only publish: a new revision, the same index.
  const entry = (await store.getDraft()).entries[0]!.entry;
  await store.putEntry({ ...entry, tags: [...entry.tags, '新标签'] }, alice);
  await store.publish(alice);
  await live.refresh();
  expect(live.revision()).toBe('r2');
  expect(live.cases()).toBe(first);

  await store.putCases({ cases: [CASE] }, alice);
  await store.publish(alice);
  await live.refresh();
  expect(live.cases().size).toBe(1);
  expect(live.cases().similar('小区路灯坏了', 1)[0]?.case.id).toBe('new-1');
});

describe('PUT and GET /api/v1/admin/kb/cases', () => {
  let server: Server;
  let url: string;
  const requireRole =
    (role: Role): RequestHandler =>
    (req, res, next) => {
      const [name, r] = String(req.get('x-test-principal') ?? '').split(':');
      if (!name || !r) return void res.status(401).json({ error: 'QH_ERR_UNAUTHORIZED' });
      if (r !== role && r !== 'admin') return void res.status(403).json({ error: 'QH_ERR_FORBIDDEN' });
      res.locals.principal = { name, role: r };
      next();
    };

  beforeEach(async () => {
    // In-thread here: the worker's own tests are test/kb/import-off-thread.test.ts.
    const app = createApp({
      log: silentLogger,
      bodyLimit: '1mb',
      routers: [createEditorCasesRouter({ store, requireRole, importCases: async (bytes, opts) => importCasesJsonl(bytes, opts) })],
    });
    server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/admin/kb/cases`;
  });
  afterEach(() => new Promise<void>((ok) => server.close(() => ok())));

  const editor = { 'x-test-principal': 'bob:editor' };
  const body = [JSON.stringify({ id: 'n1', title: '路灯不亮', text: '路灯坏了', reply: '已转至县城管局核实。' }), JSON.stringify({ id: 'n2', title: '无答复', text: '…', reply: '' })].join('\n');

  test('editors only', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-test-principal': 'op:operator' } })).status).toBe(403);
  });

  test('a dry run reports and writes nothing; then the cases replace the draft\'s as one change set', async () => {
    const dry = await fetch(url, { method: 'PUT', headers: { ...editor, 'content-type': 'application/x-ndjson' }, body });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, accepted: 1, withDepartment: 1, rejectedCount: 1, changeSetId: null });
    expect((await store.getDraft()).cases.version).toBe(1);

    const put = await fetch(`${url}?dryRun=false&source=replies.jsonl&expectedVersion=1`, { method: 'PUT', headers: editor, body });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ dryRun: false, accepted: 1, version: 2, changed: true, changeSetId: expect.any(String) });
    expect(await (await fetch(url, { headers: editor })).json()).toEqual({ version: 2, count: 1, withDepartment: 1, synthetic: 0 });

    const stale = await fetch(`${url}?dryRun=false&expectedVersion=1`, { method: 'PUT', headers: editor, body });
    expect(stale.status).toBe(409);
  });

  test('a broken file, a mostly rejected one and bad query values are 400, nothing written', async () => {
    const broken = await fetch(`${url}?dryRun=false`, { method: 'PUT', headers: editor, body: '{"id": ' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('file');
    const mostly = [body.split('\n')[1], body.split('\n')[1]!.replace('n2', 'n3'), body.split('\n')[0]].join('\n');
    expect((await fetch(`${url}?dryRun=false`, { method: 'PUT', headers: editor, body: mostly })).status).toBe(400);
    expect((await fetch(`${url}?dryRun=maybe`, { method: 'PUT', headers: editor, body })).status).toBe(400);
    expect((await store.getDraft()).cases.version).toBe(1);
  });
});

test('a knowledge-base directory without cases.json seeds a store without cases', async () => {
  const bare = mkdtempSync(join(tmpdir(), 'qihu-cases-bare-'));
  const kb = join(bare, 'kb');
  cpSync(KB_DIR, kb, { recursive: true });
  rmSync(join(kb, 'cases.json'));
  const other = await createFileKbStore({ dir: join(bare, 'data') });
  try {
    await other.seedIfEmpty(kb);
    expect((await other.getDraft()).cases).toEqual({ file: null, version: 0 });
    expect((await other.published())?.cases).toBeNull();
  } finally {
    await other.close();
    rmSync(bare, { recursive: true, force: true });
  }
});
