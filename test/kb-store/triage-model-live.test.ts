/**
 * A triage model uploaded by an administrator and published triages the next demand on the
 * running qihu (embedded default, over HTTP), and the operator's 预计分派 preview equals the filed
 * ticket's triage; a demand the model is unsure of, and no rule decides, is filed for a person
 * and listed by the 督办 view's 待研判 filter. A broken model is refused with 400; editors cannot
 * replace the model. Retraining from the ticket history takes a reassignment as the label.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelDetailSchema, TriageClassifier, type ModelDetail } from '../../src/classifier';
import { compileRouting, loadRouting, triage } from '../../src/tickets';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { api } from '../inbox/support';
import { ticketInput } from '../support/qihu';
import { hasHotlineData, hotlineMessages, smallModel } from '../support/triage-model';

const ADMIN = { authorization: 'Bearer triage-admin-token-0123456789' };
const EDITOR = { authorization: 'Bearer triage-editor-token-0123456789' };
const OPERATOR = { authorization: 'Bearer triage-operator-token-0123456789' };

(hasHotlineData ? describe : describe.skip)('a published triage model', () => {
  let qihu: Qihu;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-triage-live-'));
    const token = (h: { authorization: string }) => hashSecret(h.authorization.slice('Bearer '.length));
    qihu = await startQihu(
      loadConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        AUTH_TOKENS: `boss:admin:${token(ADMIN)},kb:editor:${token(EDITOR)},line1:operator:${token(OPERATOR)}`,
      }),
      silentLogger,
    );
  });
  afterAll(async () => {
    await qihu.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const text = '孩子学校老师课后乱收补课费，一学期要交两千多，家长都不敢说';

  const previewAndFile = async (n: number) => {
    const call = `triage-live-${n}`;
    expect((await api(qihu.url, 'POST', `/api/v1/hotline/calls/${call}/utterances`, { text }, OPERATOR)).status).toBe(201);
    const preview = await api<{ triage: { department: string; model?: { version: string } } }>(qihu.url, 'POST', `/api/v1/hotline/calls/${call}/ticket-draft`, {}, OPERATOR);
    expect(preview.status).toBe(200);
    const filed = await api<{ ticket: { triage: unknown } }>(
      qihu.url,
      'POST',
      `/api/v1/hotline/calls/${call}/ticket`,
      { enterprise: { name: '示例教育科技有限公司', creditCode: '91350100M000100Y43', district: '东城区' }, contact: { name: '李四', phone: '13800138000' } },
      OPERATOR,
    );
    expect(filed.status).toBe(201);
    expect(filed.json.ticket.triage).toEqual(preview.json.triage);
    return preview.json.triage;
  };

  it('is refused when broken, and only an administrator may replace it', async () => {
    const model = smallModel();
    expect((await api(qihu.url, 'PUT', '/api/v1/admin/triage/model', model, EDITOR)).status).toBe(403);
    const broken = await api<{ issues: { path: string }[] }>(qihu.url, 'PUT', '/api/v1/admin/triage/model', { ...model, heads: [] }, ADMIN);
    expect(broken.status).toBe(400);
    expect(broken.json.issues.map((i) => i.path)).toContain('heads');
    const damaged = structuredClone(model);
    damaged.heads[0]!.weights.pop();
    expect((await api(qihu.url, 'PUT', '/api/v1/admin/triage/model', damaged, ADMIN)).status).toBe(400);
    expect((await api<{ draft: unknown }>(qihu.url, 'GET', '/api/v1/admin/triage/model', undefined, ADMIN)).json.draft).toBeNull();
  });

  it('triages the next demand once published, and the preview equals the filed ticket', async () => {
    const before = await previewAndFile(1);
    expect(before.model).toBeUndefined();

    const model = smallModel();
    const put = await api<{ model: { version: string; categories: string[] } }>(qihu.url, 'PUT', '/api/v1/admin/triage/model', model, ADMIN);
    expect(put.status).toBe(200);
    expect(put.json.model.version).toBe(model.version);
    // The model page reads each model's detail: classes with their training messages, figures, reliability.
    const shown = await api<{ detail: { draft: ModelDetail; published: ModelDetail | null } }>(qihu.url, 'GET', '/api/v1/admin/triage/model', undefined, ADMIN);
    const detail = ModelDetailSchema.parse(shown.json.detail.draft);
    expect(shown.json.detail.published).toBeNull();
    expect(detail).toMatchObject({ version: model.version, messages: model.messages });
    const head = model.heads[0]!;
    expect(detail.heads[0]!.classes).toHaveLength(head.classes.length);
    expect(detail.heads[0]!.classes).toContainEqual({ name: '教育文体', count: head.support['教育文体'] });
    expect(detail.heads[0]!.classes.map((c) => c.count)).toEqual([...detail.heads[0]!.classes.map((c) => c.count)].sort((a, b) => b - a));
    expect(detail.heads[0]!).toMatchObject({ reviewBelow: head.reviewBelow, reliability: head.reliability, crossValidation: head.crossValidation });
    // A draft does not triage anything yet.
    expect((await previewAndFile(2)).model).toBeUndefined();

    expect((await api(qihu.url, 'POST', '/api/v1/admin/kb/publish', { note: '分类模型' }, ADMIN)).status).toBe(200);
    const state = await api<{ published: { version: string } }>(qihu.url, 'GET', '/api/v1/admin/triage/model', undefined, ADMIN);
    expect(state.json.published.version).toBe(model.version);
    expect((state.json as unknown as { detail: { published: ModelDetail } }).detail.published.version).toBe(model.version);

    const after = await previewAndFile(3);
    expect(after.model?.version).toBe(model.version);
    expect(after.department).toBe('市教育局');

    const tried = await api<{ category: { label: string } }>(qihu.url, 'POST', '/api/v1/admin/triage/classify', { text }, ADMIN);
    expect(tried.json.category.label).toBe('教育文体');
  });

  it('files a demand the published model is unsure of, and no rule decides, for a person (the 督办 list’s 待研判)', async () => {
    const model = new TriageClassifier(smallModel());
    const ruleless = compileRouting(loadRouting(join(__dirname, '../../knowledge-base/routing.json')).file);
    const unsure = hotlineMessages()
      .filter((_, i) => i % 4 === 1)
      .map((m) => m.text.slice(0, 200))
      .find((summary) => model.classify(summary).category.review && triage({ summary }, ruleless).reasons[0]!.code === 'no_rule_matched');
    expect(unsure).toBeDefined();
    const filed = await api<{ id: string; ticket: { triage: { review?: boolean; department: string } } }>(qihu.url, 'POST', '/api/v1/tickets', ticketInput(90, { demand: { summary: unsure }, idempotencyKey: 'review-90-abcdef' }), ADMIN);
    expect(filed.status).toBe(201);
    expect(filed.json.ticket.triage).toMatchObject({ review: true, department: '市12345政务服务便民热线管理中心' });
    const waiting = await api<{ total: number; items: { id: string; review?: boolean; department: string }[] }>(qihu.url, 'GET', '/api/v1/supervision/tickets?review=true', undefined, ADMIN);
    expect(waiting.status).toBe(200);
    expect(waiting.json.items.map((i) => i.id)).toContain(filed.json.id);
    expect(waiting.json.items.every((i) => i.review === true)).toBe(true);
    const all = await api<{ total: number }>(qihu.url, 'GET', '/api/v1/supervision/tickets', undefined, ADMIN);
    expect(all.json.total).toBeGreaterThan(waiting.json.total);
    expect((await api(qihu.url, 'GET', '/api/v1/supervision/tickets?review=maybe', undefined, ADMIN)).status).toBe(400);
  });

  it('retrains from the ticket history, a department’s reassignment correcting the label', async () => {
    const tooFew = await api<{ detail: string }>(qihu.url, 'POST', '/api/v1/admin/triage/retrain', {}, ADMIN);
    expect(tooFew.status).toBe(400);
    expect(tooFew.json.detail).toMatch(/至少需要 50 件/);

    // 60 demands of two categories, each taken (assigned) by the department triage chose: the
    // reference routing backend reports that half a second after delivery.
    const messages = [
      ...hotlineMessages().filter((m) => m.category === '劳动和社会保障').slice(0, 30),
      ...hotlineMessages().filter((m) => m.category === '教育文体').slice(0, 30),
    ];
    const ids: string[] = [];
    for (const [i, m] of messages.entries()) {
      const n = 100 + i;
      const filed = await api<{ id: string }>(qihu.url, 'POST', '/api/v1/tickets', ticketInput(n, { demand: { summary: m.text.slice(0, 200), detail: m.text.slice(200, 2000) }, idempotencyKey: `retrain-${n}-abcdef` }), ADMIN);
      expect(filed).toMatchObject({ status: 201 });
      ids.push(filed.json.id);
    }
    const assignedTo = async (id: string) => (await qihu.tickets.status(id))?.state.history.filter((h) => h.status === 'assigned').at(-1)?.department;
    const deadline = Date.now() + 30_000;
    while ((await Promise.all(ids.map(assignedTo))).some((d) => d === undefined)) {
      if (Date.now() > deadline) throw new Error('the routing backend did not assign every demand');
      await new Promise((r) => setTimeout(r, 200));
    }

    const retrain = async () => {
      const answer = await api<{ examples: number; model: { categories: string[]; version: string } }>(qihu.url, 'POST', '/api/v1/admin/triage/retrain', {}, ADMIN);
      expect(answer.status).toBe(200);
      const shown = await api<{ draft: { version: string }; detail: { draft: ModelDetail } }>(qihu.url, 'GET', '/api/v1/admin/triage/model', undefined, ADMIN);
      expect(shown.json.draft.version).toBe(answer.json.model.version);
      const count = (head: string, name: string) => shown.json.detail.draft.heads.find((h) => h.label === head)?.classes.find((c) => c.name === name)?.count ?? 0;
      return { examples: answer.json.examples, count };
    };
    const before = await retrain();
    // The 60 above, and the hotline demands of the other tests, which the backend assigned too.
    expect(before.examples).toBeGreaterThanOrEqual(60);

    // Ten labour demands the 人社局 took are reassigned (转办) to 市教育局: the label follows the
    // department that took them last, and its category is the one the routing table gives it.
    const moved: string[] = [];
    for (const id of ids.slice(0, 30)) if ((await assignedTo(id)) === '市人力资源和社会保障局' && moved.length < 10) moved.push(id);
    expect(moved).toHaveLength(10);
    for (const id of moved) {
      expect((await qihu.tickets.applyStatusUpdate(id, { status: 'assigned', at: new Date().toISOString(), department: '教育局' })).ok).toBe(true);
    }
    const after = await retrain();
    expect(after.examples).toBe(before.examples);
    expect(after.count('category', '教育文体')).toBe(before.count('category', '教育文体') + 10);
    expect(after.count('category', '劳动和社会保障')).toBe(before.count('category', '劳动和社会保障') - 10);
    expect(after.count('department', '市教育局')).toBe(before.count('department', '市教育局') + 10);
    expect(after.count('department', '市人力资源和社会保障局')).toBe(before.count('department', '市人力资源和社会保障局') - 10);
  }, 120_000);
});
