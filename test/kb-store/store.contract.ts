/**
 * One contract for every KbStore: run by store.file.test.ts and store.redis.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase, type Entry, type Faq } from '../../src/kb';
import { KbStoreError, ROUTING_TARGET, SYNONYMS_TARGET, TRIAGE_MODEL_TARGET, type KbStore } from '../../src/kb/store';
import { RoutingFile } from '../../src/tickets/triage';

export interface KbStoreFactory {
  /** Several store instances over the same storage at once (Redis); the file store is one process. */
  readonly multiInstance: boolean;
  /** Fresh, empty storage for one test. */
  setup(): Promise<void>;
  /** A store over the current storage. */
  open(): Promise<KbStore>;
  teardown(): Promise<void>;
}

export const KB_DIR = join(__dirname, '..', '..', 'knowledge-base');

export function faq(id: string, question: string, answer = `${question}的答案。`, extra: Partial<Faq> = {}): Faq {
  return { kind: 'faq', id, question, alternates: [], answer, tags: [], ...extra };
}

export async function refusal(p: Promise<unknown>): Promise<KbStoreError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KbStoreError) return err;
    throw err;
  }
  throw new Error('expected a KbStoreError');
}

const alice = { author: 'alice' };
const bob = { author: 'bob' };

export function runKbStoreContract(name: string, factory: KbStoreFactory): void {
  describe(`KbStore contract: ${name}`, () => {
    let store: KbStore;
    const opened = new Set<KbStore>();
    const open = async () => {
      const s = await factory.open();
      opened.add(s);
      return s;
    };
    const reopen = async () => {
      await store.close();
      opened.delete(store);
      store = await open();
    };

    beforeEach(async () => {
      await factory.setup();
      store = await open();
    });
    afterEach(async () => {
      for (const s of opened) await s.close();
      opened.clear();
      await factory.teardown();
    });

    test('an empty store seeds from knowledge-base/ once, in its order, and publishes it as r1', async () => {
      const kb = loadKnowledgeBase(KB_DIR);
      const first = await store.seedIfEmpty(KB_DIR);
      expect(first).toEqual({ seeded: true, revision: 'r1' });

      const draft = await store.getDraft();
      expect(draft.seq).toBe(1);
      expect(draft.entries.map((e) => e.entry)).toEqual(kb.entries);
      expect(draft.synonyms.groups).toEqual(kb.synonyms);
      expect(draft.manifest).toEqual(kb.manifest);
      expect(draft.routing.file).toEqual(RoutingFile.parse(JSON.parse(readFileSync(join(KB_DIR, 'routing.json'), 'utf8'))));

      const published = await store.published();
      expect(published?.revision).toBe('r1');
      expect(published?.kb.entries).toEqual(kb.entries);
      expect(published?.kb.synonyms).toEqual(kb.synonyms);
      expect(published?.routing?.rules.length).toBeGreaterThan(0);

      expect(await store.seedIfEmpty(KB_DIR)).toEqual({ seeded: false, revision: 'r1' });
      expect((await store.getDraft()).seq).toBe(1);
      const id = kb.entries[0]!.id;
      const history = await store.history(id);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ version: 1, op: 'create', author: 'seed', changeSetId: 'cs1' });
      expect((await store.changeSet('cs1'))?.action).toBe('seed');
      expect((await store.auditLog()).map((r) => r.action)).toEqual(['publish', 'seed']);
      expect(await store.status()).toMatchObject({ seq: 1, unpublishedChanges: 0, published: { revision: 'r1', seq: 1 } });
    });

    test('two instances seeding at once: one seed, one revision', async () => {
      if (!factory.multiInstance) return;
      const other = await open();
      const results = await Promise.all([store.seedIfEmpty(KB_DIR), other.seedIfEmpty(KB_DIR)]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect(results.map((r) => r.revision)).toEqual(['r1', 'r1']);
      expect((await store.getDraft()).seq).toBe(1);
    });

    test('create and update: versions with author, time, change set and field-level diff', async () => {
      const created = await store.putEntry(faq('faq-a', '怎么开公司', '到政务服务中心办理。', { alternates: ['开公司流程'] }), {
        ...alice,
        expectedVersion: 0,
      });
      expect(created).toMatchObject({ version: 1, changed: true, changeSetId: 'cs1' });
      const updated = await store.putEntry(
        faq('faq-a', '怎么开公司', '网上办理，一个工作日办结。', { alternates: ['开公司流程', '注册公司'], department: '市场监管局' }),
        { ...bob, expectedVersion: 1 },
      );
      expect(updated).toMatchObject({ version: 2, changed: true, changeSetId: 'cs2' });

      const got = await store.getEntry('faq-a');
      expect(got).toMatchObject({ version: 2, updatedBy: 'bob', changeSetId: 'cs2' });
      expect((got?.entry as Faq).answer).toBe('网上办理，一个工作日办结。');

      const history = await store.history('faq-a');
      expect(history.map((v) => [v.version, v.author, v.op, v.changeSetId])).toEqual([
        [2, 'bob', 'update', 'cs2'],
        [1, 'alice', 'create', 'cs1'],
      ]);
      expect(Date.parse(history[0]!.at)).not.toBeNaN();
      expect(history[0]!.diff).toEqual([
        { path: 'alternates.1', after: '注册公司' },
        { path: 'answer', before: '到政务服务中心办理。', after: '网上办理，一个工作日办结。' },
        { path: 'department', after: '市场监管局' },
      ]);
      expect(history[1]!.diff.map((d) => d.path)).toEqual(['alternates', 'answer', 'id', 'kind', 'question', 'tags']);
      expect(await store.version('faq-a', 1)).toMatchObject({ version: 1, value: { answer: '到政务服务中心办理。' } });
      expect(await store.version('faq-a', 3)).toBeUndefined();
    });

    test('a stale expectedVersion is a conflict and writes nothing; bad input is refused by field', async () => {
      await store.putEntry(faq('faq-a', '问题一'), { ...alice, expectedVersion: 0 });
      await store.putEntry(faq('faq-a', '问题一', '新答案'), { ...alice, expectedVersion: 1 });

      const stale = await refusal(store.putEntry(faq('faq-a', '问题一', '旧页面上的修改'), { ...bob, expectedVersion: 1 }));
      expect(stale.code).toBe('conflict');
      expect(stale.details).toMatchObject({ currentVersion: 2 });
      // The refusal travels as a code with its values; the message is its wording.
      expect(stale.refusal).toEqual({ reason: 'target_stale', vars: { target: 'faq-a', currentVersion: 2, expected: 1 } });
      expect(stale.message).toBe('条目 faq-a 已被他人修改（当前版本 2，你编辑的是版本 1）');
      expect(stale.issues).toEqual([{ path: 'expectedVersion', code: 'stale', message: '已被他人修改：当前版本 2，请刷新后再改' }]);
      const taken = await refusal(store.putEntry(faq('faq-a', '重复'), { ...bob, expectedVersion: 0 }));
      expect([taken.code, taken.refusal.reason, taken.message]).toEqual(['conflict', 'target_exists', '条目 faq-a 已存在']);
      expect(taken.issues).toEqual([{ path: 'id', code: 'exists', message: '条目 faq-a 已存在（当前版本 2）' }]);
      expect((await refusal(store.putEntry(faq('faq-x', '不存在'), { ...bob, expectedVersion: 3 }))).code).toBe('not_found');
      expect((await refusal(store.deleteEntry('faq-a', { ...bob, expectedVersion: 1 }))).code).toBe('conflict');

      const invalid = await refusal(store.putEntry({ kind: 'faq', id: 'bad id', question: '', answer: 'x' }, alice));
      expect(invalid.code).toBe('invalid');
      expect(invalid.issues.map((i) => i.path).sort()).toEqual(['id', 'question']);
      expect((await refusal(store.putEntry(faq('faq-b', '问题'), { author: ' ' }))).code).toBe('invalid');

      expect((await store.getEntry('faq-a'))?.version).toBe(2);
      expect((await store.getDraft()).seq).toBe(2);
    });

    test('an unchanged put writes no version', async () => {
      await store.putEntry(faq('faq-a', '问题一'), alice);
      const again = await store.putEntry(faq('faq-a', '问题一'), { ...bob, expectedVersion: 1 });
      expect(again).toMatchObject({ version: 1, changed: false, changeSetId: null });
      expect(await store.history('faq-a')).toHaveLength(1);
      expect((await store.getDraft()).seq).toBe(1);
    });

    test('concurrent edits of one version: exactly one wins; of different entries: all land', async () => {
      const other = factory.multiInstance ? await open() : store;
      await store.putEntry(faq('faq-a', '问题'), alice);
      const attempts = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? other : store).putEntry(faq('faq-a', '问题', `答案 ${i}`), { author: `u${i}`, expectedVersion: 1 })),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      for (const a of attempts) if (a.status === 'rejected') expect((a.reason as KbStoreError).code).toBe('conflict');
      expect((await store.getEntry('faq-a'))?.version).toBe(2);

      await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? other : store).putEntry(faq(`faq-n${i}`, `问题 ${i}`), alice)));
      const draft = await other.getDraft();
      expect(draft.seq).toBe(2 + 12);
      expect(draft.entries).toHaveLength(13);
      const changeSets = await store.listChangeSets({ limit: 100 });
      expect(changeSets.map((c) => c.seq)).toEqual(Array.from({ length: 14 }, (_, i) => 14 - i));
    });

    test('delete keeps the history; re-creating continues the version numbers', async () => {
      await store.putEntry(faq('faq-a', '问题'), alice);
      const del = await store.deleteEntry('faq-a', { ...bob, expectedVersion: 1 });
      expect(del).toMatchObject({ version: 2, changed: true });
      expect(await store.getEntry('faq-a')).toBeUndefined();
      expect((await refusal(store.deleteEntry('faq-a', bob))).code).toBe('not_found');
      const history = await store.history('faq-a');
      expect(history[0]).toMatchObject({ version: 2, op: 'delete', value: null, author: 'bob' });
      expect(history[0]!.diff.find((d) => d.path === 'question')).toEqual({ path: 'question', before: '问题' });
      const again = await store.putEntry(faq('faq-a', '问题又来了'), { ...alice, expectedVersion: 0 });
      expect(again.version).toBe(3);
      expect((await store.history('faq-a'))[0]).toMatchObject({ version: 3, op: 'create' });
    });

    test('browse: filter by kind, department and tag; search words in any script; page', async () => {
      await store.seedIfEmpty(KB_DIR);
      const all = await store.listEntries({ limit: 500 });
      expect(all.total).toBe(loadKnowledgeBase(KB_DIR).entries.length);
      const faqs = await store.listEntries({ kind: 'faq', limit: 500 });
      expect(faqs.items.every((i) => i.entry.kind === 'faq')).toBe(true);
      expect(faqs.total).toBeGreaterThan(10);

      const hits = await store.listEntries({ q: '营业执照' });
      expect(hits.total).toBeGreaterThan(0);
      const traditional = await store.listEntries({ q: '營業執照' });
      expect(traditional.total).toBe(hits.total);
      const both = await store.listEntries({ q: '营业执照 注销' });
      expect(both.total).toBeLessThan(hits.total);
      expect(both.items.every((i) => JSON.stringify(i.entry).includes('注销'))).toBe(true);

      const dept = await store.listEntries({ department: '税务局', limit: 500 });
      expect(dept.total).toBeGreaterThan(0);
      expect(dept.items.every((i) => i.entry.department?.includes('税务局'))).toBe(true);
      const tagged = await store.listEntries({ tag: '信用修复' });
      expect(tagged.items.map((i) => i.entry.id)).toContain('faq-0046');

      const page1 = await store.listEntries({ kind: 'faq', offset: 0, limit: 5 });
      const page2 = await store.listEntries({ kind: 'faq', offset: 5, limit: 5 });
      expect(page1.items).toHaveLength(5);
      expect(page2.items[0]!.entry.id).toBe(faqs.items[5]!.entry.id);
      expect((await store.listEntries({ q: '完全不存在的词语组合' })).total).toBe(0);
    });

    test('an import is one change set, rolled back as a whole', async () => {
      await store.putEntry(faq('faq-a', '问题 A'), alice);
      await store.putEntry(faq('faq-b', '问题 B'), alice);
      const incoming: Entry[] = [faq('faq-a', '问题 A', '导入的新答案'), faq('faq-b', '问题 B'), faq('faq-c', '问题 C'), faq('faq-d', '问题 D')];

      const plan = await store.planImport(incoming, { mode: 'merge' });
      expect(plan.added.map((e) => e.id)).toEqual(['faq-c', 'faq-d']);
      expect(plan.changed.map((c) => [c.entry.id, c.diff.map((d) => d.path)])).toEqual([['faq-a', ['answer']]]);
      expect(plan.unchanged).toBe(1);
      expect((await store.getDraft()).seq).toBe(2);

      const outcome = await store.applyImport(incoming, { author: 'carol', source: 'faq.csv', mode: 'merge' });
      expect(outcome.changeSetId).toBe('cs3');
      const cs = await store.changeSet('cs3');
      expect(cs).toMatchObject({ action: 'import', author: 'carol', source: 'faq.csv', mode: 'merge', counts: { added: 2, changed: 1, removed: 0 } });
      expect(cs?.targets.map((t) => t.target).sort()).toEqual(['faq-a', 'faq-c', 'faq-d']);
      expect((await store.history('faq-c'))[0]?.changeSetId).toBe('cs3');

      const undo = await store.rollbackChangeSet('cs3', { author: 'dave' });
      expect(undo).toMatchObject({ changed: true, targets: 3, changeSetId: 'cs4' });
      const draft = await store.getDraft();
      expect(draft.entries.map((e) => e.entry.id)).toEqual(['faq-a', 'faq-b']);
      expect((draft.entries[0]!.entry as Faq).answer).toBe('问题 A的答案。');
      expect(await store.changeSet('cs4')).toMatchObject({ action: 'rollback-change-set', revertOf: 'cs3', counts: { added: 0, changed: 1, removed: 2 } });
      // Undoing the undo brings the import back.
      await store.rollbackChangeSet('cs4', { author: 'dave' });
      expect((await store.getDraft()).entries.map((e) => e.entry.id).sort()).toEqual(['faq-a', 'faq-b', 'faq-c', 'faq-d']);
      expect((await refusal(store.rollbackChangeSet('cs99', alice))).code).toBe('not_found');
    });

    test('a large import is validated in slices: an invalid entry past the first is named by its own index', async () => {
      const incoming: unknown[] = Array.from({ length: 4500 }, (_, i) => faq(`faq-${i}`, `问题 ${i}`));
      incoming[2] = { ...faq('faq-2', '问题 2'), answer: '' };
      incoming[4321] = { ...faq('faq-4321', '问题 4321'), question: '' };
      const refused = await refusal(store.planImport(incoming as Entry[], { mode: 'merge' }));
      expect(refused.code).toBe('invalid');
      expect(refused.issues.map((i) => i.path)).toEqual(['entries.2.answer', 'entries.4321.question']);
      incoming[2] = faq('faq-2', '问题 2');
      incoming[4321] = faq('faq-2', '又一个问题 2');
      expect((await refusal(store.planImport(incoming as Entry[], { mode: 'merge' }))).issues).toEqual([
        { path: 'entries.4321.id', code: 'duplicate', message: '编号 faq-2 重复（第 3 条已使用）' },
      ]);
      incoming[4321] = faq('faq-4321', '问题 4321');
      expect((await store.planImport(incoming as Entry[], { mode: 'merge' })).added).toHaveLength(4500);
    });

    test('a replace import removes the entries of the imported kinds it does not contain', async () => {
      await store.seedIfEmpty(KB_DIR);
      const before = await store.getDraft();
      const items = before.entries.filter((e) => e.entry.kind === 'item').length;
      const policies = before.entries.filter((e) => e.entry.kind === 'policy').length;
      const outcome = await store.applyImport([faq('faq-only', '唯一的问题')], { author: 'carol', source: 'faq.csv', mode: 'replace' });
      const after = await store.getDraft();
      expect(after.entries.filter((e) => e.entry.kind === 'faq').map((e) => e.entry.id)).toEqual(['faq-only']);
      expect(after.entries.filter((e) => e.entry.kind === 'item')).toHaveLength(items);
      expect(after.entries.filter((e) => e.entry.kind === 'policy')).toHaveLength(policies);
      expect(outcome.removed.length).toBe(before.entries.length - items - policies);
      await store.rollbackChangeSet(outcome.changeSetId!, alice);
      expect((await store.getDraft()).entries.map((e) => e.entry)).toEqual(before.entries.map((e) => e.entry));
    });

    test('rolling back a change set whose targets changed since needs force', async () => {
      await store.applyImport([faq('faq-a', '问题 A'), faq('faq-b', '问题 B')], { author: 'carol', source: 'x.csv', mode: 'merge' });
      await store.putEntry(faq('faq-a', '问题 A', '后来的修改'), { ...alice, expectedVersion: 1 });
      const refused = await refusal(store.rollbackChangeSet('cs1', bob));
      expect(refused.code).toBe('conflict');
      expect(refused.details).toEqual({ changedSince: ['faq-a'] });
      expect((await store.getDraft()).entries).toHaveLength(2);
      const forced = await store.rollbackChangeSet('cs1', { ...bob, force: true });
      expect(forced.targets).toBe(2);
      expect((await store.getDraft()).entries).toHaveLength(0);
    });

    test('rollbackEntry restores an old version as a new one', async () => {
      await store.putEntry(faq('faq-a', '问题', '第一版'), alice);
      await store.putEntry(faq('faq-a', '问题', '第二版'), alice);
      await store.putEntry(faq('faq-a', '问题', '第三版'), alice);
      const r = await store.rollbackEntry('faq-a', 1, bob);
      expect(r).toMatchObject({ version: 4, changed: true });
      expect(((await store.getEntry('faq-a'))?.entry as Faq).answer).toBe('第一版');
      expect((await store.history('faq-a'))[0]).toMatchObject({ version: 4, author: 'bob', diff: [{ path: 'answer', before: '第三版', after: '第一版' }] });
      expect((await store.changeSet(r.changeSetId!))?.action).toBe('rollback-entry');
      await store.deleteEntry('faq-a', alice);
      await store.rollbackEntry('faq-a', 2, bob);
      expect(((await store.getEntry('faq-a'))?.entry as Faq).answer).toBe('第二版');
      expect((await refusal(store.rollbackEntry('faq-a', 42, bob))).code).toBe('not_found');
    });

    test('synonyms and the routing table are validated, versioned and rolled back', async () => {
      await store.seedIfEmpty(KB_DIR);
      const draft = await store.getDraft();
      const groups = [...draft.synonyms.groups, ['孵化器', '众创空间']];
      const put = await store.putSynonyms(groups, { ...alice, expectedVersion: draft.synonyms.version });
      expect(put).toMatchObject({ version: 2, changed: true });
      const staleSynonyms = await refusal(store.putSynonyms(groups, { ...bob, expectedVersion: 1 }));
      expect([staleSynonyms.code, staleSynonyms.message]).toEqual(['conflict', '同义词表已被他人修改（当前版本 2，你编辑的是版本 1）']);
      const bad = await refusal(store.putSynonyms([['只有一个']], bob));
      expect(bad.code).toBe('invalid');
      expect(bad.issues[0]?.path).toBe('groups.0');
      const history = await store.history(SYNONYMS_TARGET);
      expect(history[0]!.diff).toEqual([{ path: `groups.${groups.length - 1}`, after: ['孵化器', '众创空间'] }]);

      const routing = structuredClone(draft.routing.file!);
      routing.rules[0]!.keywords.push('新关键词');
      expect(await store.putRouting(routing, { ...alice, expectedVersion: 1 })).toMatchObject({ version: 2 });
      const broken = structuredClone(routing);
      broken.rules[1]!.department = '不存在的部门';
      const refused = await refusal(store.putRouting(broken, alice));
      expect(refused.issues.map((i) => i.path)).toEqual(['rules.1.department']);
      expect((await store.history(ROUTING_TARGET))[0]!.diff[0]!.path).toMatch(/^rules\.0\.keywords\.\d+$/);
      await store.rollbackEntry(ROUTING_TARGET, 1, bob);
      expect((await store.getDraft()).routing).toMatchObject({ version: 3, file: draft.routing.file });
    });

    test('a triage model is kept whole, referenced from the draft, published, and rolled back by reference', async () => {
      await store.seedIfEmpty(KB_DIR);
      const ref = (version: string) => ({ version, trainedAt: '2026-12-01T00:00:00.000Z', messages: 5500, categories: ['城乡建设', '教育文体'], accuracy: 0.9, macroF1: 0.89 });
      const first = ref('0123456789abcdef');
      expect(await store.putTriageModel({ ref: first, json: '{"model":1}' }, { ...alice, expectedVersion: 0 })).toMatchObject({ version: 1, changed: true });
      expect((await store.getDraft()).triageModel).toEqual({ ref: first, version: 1 });
      expect((await store.published())?.triageModel).toBeNull();
      await store.publish(alice);
      expect((await store.published())?.triageModel).toEqual(first);
      expect(await store.triageModelJson(first.version)).toBe('{"model":1}');
      expect(await store.triageModelJson('fedcba9876543210')).toBeUndefined();

      await store.putTriageModel({ ref: ref('fedcba9876543210'), json: '{"model":2}' }, bob);
      expect((await refusal(store.putTriageModel({ ref: first, json: '{}' }, { ...bob, expectedVersion: 1 }))).code).toBe('conflict');
      const invalid = await refusal(store.putTriageModel({ ref: { ...first, version: 'not-hex' }, json: '{}' }, bob));
      expect(invalid.code).toBe('invalid');
      // Rolling back restores the reference; the old model is still there to serve it.
      await store.rollbackEntry(TRIAGE_MODEL_TARGET, 1, bob);
      expect((await store.getDraft()).triageModel.ref).toEqual(first);
      await reopen();
      expect(await store.triageModelJson(first.version)).toBe('{"model":1}');
      expect((await store.getDraft()).triageModel.ref).toEqual(first);
    });

    test('the audit log lists who changed what, newest first, with since and limit', async () => {
      await store.putEntry(faq('faq-a', '问题 A'), alice);
      await store.putEntry(faq('faq-b', '问题 B'), bob);
      await store.deleteEntry('faq-a', bob);
      await store.applyImport([faq('faq-c', 'C'), faq('faq-d', 'D')], { author: 'carol', source: 'c.csv', mode: 'merge' });
      await store.publish({ author: 'erin', note: '第一次发布' });

      const log = await store.auditLog();
      expect(log.map((r) => [r.action, r.author])).toEqual([
        ['publish', 'erin'],
        ['import', 'carol'],
        ['delete', 'bob'],
        ['create', 'bob'],
        ['create', 'alice'],
      ]);
      expect(log[0]).toMatchObject({ revision: 'r1', summary: expect.stringContaining('第一次发布') });
      expect(log[1]).toMatchObject({ changeSetId: 'cs4', targets: ['faq-c', 'faq-d'], targetCount: 2, counts: { added: 2, changed: 0, removed: 0 } });
      expect(log[1]!.summary).toContain('c.csv');
      expect(log[2]).toMatchObject({ targets: ['faq-a'], summary: '删除条目 faq-a' });
      expect(await store.auditLog({ limit: 2 })).toEqual(log.slice(0, 2));
      const since = await store.auditLog({ since: log[2]!.at });
      expect(since.length).toBeGreaterThanOrEqual(3);
      expect(since.every((r) => r.at >= log[2]!.at)).toBe(true);
      expect(await store.auditLog({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    });

    test('publish freezes the draft as a revision; status counts what is unpublished', async () => {
      const notified: string[] = [];
      store.onPublished((m) => notified.push(m.revision));
      expect(await store.published()).toBeUndefined();
      await store.putEntry(faq('faq-a', '问题', '已发布的答案'), alice);
      const r1 = await store.publish({ author: 'erin', note: '上线' });
      expect(r1).toEqual({ revision: 'r1', seq: 1, changed: true });
      expect(await store.publish({ author: 'erin' })).toEqual({ revision: 'r1', seq: 1, changed: false });

      await store.putEntry(faq('faq-a', '问题', '草稿里的新答案'), alice);
      await store.putEntry(faq('faq-b', '新问题'), alice);
      expect(await store.status()).toMatchObject({ seq: 3, unpublishedChanges: 2, published: { revision: 'r1', seq: 1, author: 'erin', note: '上线' } });
      const live = await store.published();
      expect(live?.kb.entries.map((e) => (e as Faq).answer)).toEqual(['已发布的答案']);
      expect(await store.publishedRevision()).toBe('r1');

      expect((await store.publish({ author: 'erin' })).revision).toBe('r2');
      expect((await store.published())?.kb.entries.map((e) => e.id)).toEqual(['faq-a', 'faq-b']);
      expect((await store.status()).unpublishedChanges).toBe(0);
      expect(notified).toEqual(['r1', 'r2']);
    });

    test('export, then a bundle import into an empty store, restores the draft', async () => {
      await store.seedIfEmpty(KB_DIR);
      await store.putEntry(faq('faq-extra', '额外的问题'), alice);
      const bundle = await store.exportKb();
      expect(bundle).toMatchObject({ format: 'qihu.kb-export/v1', seq: 2, published: { revision: 'r1', seq: 1 } });

      await factory.teardown();
      await factory.setup();
      const fresh = await open();
      expect((await fresh.getDraft()).seq).toBe(0);
      await fresh.applyImport(bundle.entries, {
        author: 'restore',
        source: 'backup.json',
        mode: 'replace',
        kinds: ['item', 'policy', 'faq'],
        synonyms: bundle.synonyms.groups,
        routing: bundle.routing,
        manifest: bundle.manifest,
      });
      const restored = await fresh.exportKb();
      expect(restored.entries).toEqual(bundle.entries);
      expect(restored.synonyms).toEqual(bundle.synonyms);
      expect(restored.routing).toEqual(bundle.routing);
      expect(restored.manifest).toEqual(bundle.manifest);
    });

    test('everything survives reopening the store', async () => {
      await store.seedIfEmpty(KB_DIR);
      await store.putEntry(faq('faq-a', '问题', '答案'), alice);
      await store.deleteEntry('faq-a', bob);
      await store.publish({ author: 'erin' });
      const before = { draft: await store.getDraft(), audit: await store.auditLog(), history: await store.history('faq-a'), pub: await store.published() };
      await reopen();
      expect(await store.getDraft()).toEqual(before.draft);
      expect(await store.auditLog()).toEqual(before.audit);
      expect(await store.history('faq-a')).toEqual(before.history);
      expect(await store.published()).toEqual(before.pub);
      expect((await store.putEntry(faq('faq-a', '又回来了'), alice)).version).toBe(3);
    });
  });
}
