/**
 * The editor console's model page (#/model) in a real browser against a real qihu (file store
 * under a temporary DATA_DIR, an administrator and an editor from AUTH_USERS):
 *
 *   an editor sees no 分类模型 link and, at #/model, a note instead of the model;
 *   an administrator sees that nothing is published, 试一试 says so readably;
 *   a file that is not a model is refused with its zod issues listed; a model whose class name is
 *   an XSS payload shows it as text; a model trained in the test is uploaded, published, and shows
 *   its version, messages, classes with counts, cross-validated accuracy and reliability;
 *   试一试 names category, confidence (高/中/低), the words that weighed most and the review flag;
 *   retraining with too few tickets says how many it found; after 60 tickets filed and assigned in
 *   the test, one button retrains (progress, then examples, categories, accuracy) and publishes.
 *
 * Screenshots go to test-artifacts/editor-model-*.png. Needs ../shared/data's hotline messages
 * (the model is trained on a stride of them) and /usr/bin/chromium (or CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TriageClassifier } from '../../src/classifier';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { api } from '../inbox/support';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn, XSS_IMG } from '../support/browser';
import { ticketInput } from '../support/qihu';
import { hasHotlineData, hotlineMessages, smallModel } from '../support/triage-model';

const describeBrowser = hasHotlineData ? describeWithChromium(__filename) : describe.skip;

const ADMIN = 'wang.admin';
const ADMIN_PASSWORD = 'admin-password-for-tests-1';
const EDITOR = 'lin.editor';
const EDITOR_PASSWORD = 'editor-password-for-tests-1';
const TOKEN = 'model-page-admin-token-0123456789';
const BEARER = { authorization: `Bearer ${TOKEN}` };

describeBrowser('the model page of the editor console', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  // Trained in beforeAll: a skipped describe still runs its body, and without ../shared there is nothing to train on.
  let model: ReturnType<typeof smallModel>;

  beforeAll(async () => {
    model = smallModel(8);
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-model-ui-'));
    qihu = await startQihu(
      loadConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        AUTH_USERS: `${ADMIN}:admin:${hashSecret(ADMIN_PASSWORD)},${EDITOR}:editor:${hashSecret(EDITOR_PASSWORD)}`,
        AUTH_TOKENS: `boss:admin:${hashSecret(TOKEN)}`,
      }),
      silentLogger,
    );
    browser = await launchChromium();
    context = await newRecordingContext(browser);
    page = await context.newPage();
    // 404 (no published model) and 400 (a refused upload) are answers this page shows.
    collectProblems(page, problems, /Failed to load resource/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    if (!page) return;
    expect((await injectionProbes(page)).csp).toEqual([]);
    expect(problems).toEqual([]);
  });

  const upload = async (name: string, body: string) => {
    await page.setInputFiles('#model-file', { name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.click('#model-upload');
  };

  it('is not an editor’s: no link, and a note instead of the model', async () => {
    await page.goto(qihu.url + '/editor#/model');
    await page.waitForURL(/\/login/);
    await signIn(page, EDITOR, EDITOR_PASSWORD, (p) => p.waitForURL(/\/editor/));
    await page.locator('#model-admin-only').waitFor();
    expect(await page.locator('#nav-model').isVisible()).toBe(false);
    expect(await page.locator('#model-cards').count()).toBe(0);
    await Promise.all([page.waitForURL(/\/login/), page.click('#logout')]);
  });

  it('shows an administrator that nothing is published, and says so when trying a text', async () => {
    await page.goto(qihu.url + '/login?next=' + encodeURIComponent('/editor#/model'));
    await signIn(page, ADMIN, ADMIN_PASSWORD, (p) => p.waitForURL(/\/editor/));
    await page.locator('#nav-model').waitFor();
    await page.locator('#model-published', { hasText: '还没有分类模型' }).waitFor();
    await page.fill('#try-text', '孩子学校老师课后乱收补课费');
    await page.click('#try-classify');
    await page.locator('#try-box .error', { hasText: '当前发布的知识库没有分类模型' }).waitFor();
  });

  it('refuses a file that is not a model with its issues, and shows a model’s own names as text', async () => {
    await upload('notes.json', JSON.stringify({ format: 'something-else', heads: [] }));
    await page.locator('#upload-result .error', { hasText: '不是分类模型文件' }).waitFor();
    const paths = await page.locator('#upload-result .issues code').allTextContents();
    expect(paths).toEqual(expect.arrayContaining(['format', 'version', 'heads']));
    // In the console's words (the editor API's Chinese messages), not zod's English.
    const lines = await page.locator('#upload-result .issues li').allTextContents();
    expect(lines).toEqual(expect.arrayContaining(['version：必填', 'heads：至少需要 1 项']));
    await screenshot(page, 'editor-model-refused.png');
    await upload('broken.json', '{"format": ');
    await page.locator('#upload-result .error', { hasText: '不是有效的 JSON' }).waitFor();
    expect(await page.locator('#upload-result .issues').count()).toBe(0);

    // A class named like markup (a model file is an administrator's, but still only text).
    const hostile = structuredClone(model);
    const head = hostile.heads[0]!;
    const renamed = head.classes[0]!;
    head.classes[0] = XSS_IMG;
    head.support[XSS_IMG] = head.support[renamed]!;
    delete head.support[renamed];
    hostile.version = 'ffffffffffffffff';
    await upload('triage-model.json', JSON.stringify(hostile));
    await page.locator('#upload-result .ok', { hasText: 'ffffffffffffffff' }).waitFor();
    await page.locator('#model-draft .model-version', { hasText: 'ffffffffffffffff' }).waitFor();
    await expect(page.locator('#model-draft table.classes').textContent()).resolves.toContain(XSS_IMG);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    expect(await page.locator('#main img').count()).toBe(0);
  });

  it('uploads a trained model, publishes it, and shows its classes, figures and reliability', async () => {
    await upload('triage-model.json', JSON.stringify(model));
    await page.locator('#upload-result .ok', { hasText: model.version }).waitFor();
    await page.locator('#model-draft .model-version', { hasText: model.version }).waitFor();
    await page.click('#model-publish');
    await page.locator('#flash', { hasText: '已发布' }).waitFor();
    await page.reload();
    const published = page.locator('#model-published');
    await published.locator('.model-version', { hasText: model.version }).waitFor();
    // Published and draft are the same model: one card.
    expect(await page.locator('#model-draft').count()).toBe(0);
    await expect(published.locator('.messages').textContent()).resolves.toBe(String(model.messages));
    const head = model.heads[0]!;
    const rows = await published.locator('table.classes tbody tr').allTextContents();
    expect(rows).toHaveLength(head.classes.length);
    expect(rows).toContain('教育文体' + head.support['教育文体']);
    await expect(published.locator('.accuracy').first().textContent()).resolves.toBe((head.crossValidation.accuracy * 100).toFixed(1) + ' %');
    await published.locator('details summary', { hasText: '正确率' }).first().click();
    expect(await published.locator('table.reliability tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'editor-model.png');
  });

  it('tries a text against the published model: category, confidence, the words that weighed, the review flag', async () => {
    const text = '孩子学校老师课后乱收补课费，一学期要交两千多，家长都不敢说';
    await page.fill('#try-text', text);
    await page.click('#try-classify');
    const row = page.locator('#try-result tbody tr').first();
    await row.waitFor();
    await expect(row.locator('.label').textContent()).resolves.toBe('教育文体');
    // The published model is the one uploaded: the page shows what it says.
    const expected = new TriageClassifier(model).classify(text);
    expect(expected.category.label).toBe('教育文体');
    const level = expected.category.review ? '低' : expected.category.confidence >= 0.9 ? '高' : '中';
    await expect(row.locator('.confidence').textContent()).resolves.toBe(level);
    await expect(row.locator('.evidence').textContent()).resolves.toBe(expected.category.evidence.join('、'));
    await expect(row.locator('.review').textContent()).resolves.toBe(expected.category.review ? '待研判（交人工）' : '—');
    await screenshot(page, 'editor-model-try.png');
  });

  it('retrains from the ticket history with one button and publishes the result', async () => {
    await page.click('#model-retrain');
    await page.locator('#retrain-result .error', { hasText: /至少需要 50 件/ }).waitFor();

    const labour = hotlineMessages().filter((m) => m.category === '劳动和社会保障').slice(0, 30);
    const school = hotlineMessages().filter((m) => m.category === '教育文体').slice(0, 30);
    let n = 0;
    for (const [messages, department] of [[labour, '人社局'], [school, '市教育局']] as const) {
      for (const m of messages) {
        n++;
        const filed = await api<{ id: string }>(qihu.url, 'POST', '/api/v1/tickets', ticketInput(n, { demand: { summary: m.text.slice(0, 200), detail: m.text.slice(200, 2000) }, idempotencyKey: `model-page-${n}-abcdef` }), BEARER);
        expect(filed.status).toBe(201);
        expect((await qihu.tickets.applyStatusUpdate(filed.json.id, { status: 'assigned', at: new Date().toISOString(), department })).ok).toBe(true);
      }
    }

    await page.click('#model-retrain');
    await page.locator('#retrain-progress').waitFor();
    expect(await page.locator('#model-retrain').isDisabled()).toBe(true);
    const result = page.locator('#retrain-result .retrain-summary');
    await result.waitFor({ timeout: 60_000 });
    const examples = Number(await result.locator('.examples').textContent());
    expect(examples).toBeGreaterThanOrEqual(60);
    await expect(result.locator('.categories').textContent()).resolves.toMatch(/劳动和社会保障.*教育文体|教育文体.*劳动和社会保障/);
    await expect(result.locator('.accuracy').textContent()).resolves.toMatch(/^\d+\.\d %（宏平均 F1 \d+\.\d %）$/);
    const state = await api<{ draft: { version: string; messages: number } }>(qihu.url, 'GET', '/api/v1/admin/triage/model', undefined, BEARER);
    expect(state.json.draft.messages).toBe(examples);
    await page.locator('#model-draft .model-version', { hasText: state.json.draft.version }).waitFor();
    await screenshot(page, 'editor-model-retrained.png');

    await page.click('#model-publish');
    await page.locator('#flash', { hasText: '已发布' }).waitFor();
    const after = await api<{ published: { version: string } }>(qihu.url, 'GET', '/api/v1/admin/triage/model', undefined, BEARER);
    expect(after.json.published.version).toBe(state.json.draft.version);
  }, 90_000);
});
