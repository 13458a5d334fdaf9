/**
 * The knowledge editors' console (/editor) in a real browser (Debian's chromium through
 * playwright-core) against a real qihu started in-process (startQihu, file store under a temporary
 * DATA_DIR, an editor configured through AUTH_USERS):
 *
 *   not logged in → /login?next=/editor → back to the console;
 *   an item: invalid values show their zod issue next to the field (materials row by row), fixed,
 *   saved as a version with a diff, published, and the public ask API answers with the new text;
 *   a FAQ answer holding an XSS payload renders as text (window.__xss stays undefined);
 *   a policy created, rolled back, deleted; synonyms and routing validation; an export download;
 *   a CSV import: dry-run report, confirm, then the whole change set rolled back; the audit log.
 *
 * Screenshots go to test-artifacts/ (git-ignored). Skipped, with a message, only when
 * /usr/bin/chromium is missing and CI is unset.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { EDITOR_PAGE_CSP } from '../../src/web/editor/router';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn, XSS_IMG } from '../support/browser';

const describeBrowser = describeWithChromium(__filename);

const EDITOR = 'lin.editor';
const PASSWORD = 'editor-password-for-tests-1';
const NEW_NOTE = '承诺7个工作日内办结（编辑台修改，含现场检查时间）';

async function ask(url: string, text: string): Promise<{ kind: string; entryId?: string; text: string }> {
  const res = await fetch(`${url}/api/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { kind: string; entryId?: string; text: string };
}

describeBrowser('the editor console in a browser', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const shot = (name: string) => screenshot(page, name);
  const flash = () => page.locator('#flash');

  async function save(expect: RegExp): Promise<void> {
    await page.click('#save');
    await flash().filter({ hasText: expect }).waitFor();
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-editor-ui-'));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AUTH_USERS: `${EDITOR}:editor:${hashSecret(PASSWORD)}`,
    });
    qihu = await startQihu(config, silentLogger);
    browser = await launchChromium();
    context = await newRecordingContext(browser);
    page = await context.newPage();
    collectProblems(page, problems);
    page.on('dialog', (d) => void d.accept());
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

  it('serves the page with a strict CSP and no inline script or style', async () => {
    const res = await fetch(qihu.url + '/editor');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(EDITOR_PAGE_CSP);
    expect(EDITOR_PAGE_CSP).toContain("script-src 'self'");
    expect(EDITOR_PAGE_CSP).toContain("require-trusted-types-for 'script'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|\sstyle=|\son\w+=/i);
    expect(html).not.toMatch(/https?:\/\//);
    const js = html.match(/"(\/editor\/editor\.js\?v=[0-9a-f]{12})"/);
    expect(js).not.toBeNull();
    const asset = await fetch(qihu.url + js![1]);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // The nav leaves room for the pages another router serves.
    expect(html).toContain('href="/editor/inbox"');
    expect(html).toContain('href="/editor/analytics"');
  });

  it('sends a visitor who is not logged in to /login and back to the console', async () => {
    await page.goto(qihu.url + '/editor');
    await page.waitForURL(/\/login\?next=%2Feditor$/);
    await signIn(page, EDITOR, PASSWORD, (p) => p.waitForURL(qihu.url + '/editor'));
    await page.locator('#entries tbody tr').first().waitFor();
    await expect(page.locator('#user-name').textContent()).resolves.toBe(EDITOR);
    await expect(page.locator('#status-text').textContent()).resolves.toContain('没有未发布的变更');
    expect(await page.locator('#publish').isDisabled()).toBe(true);
    await expect(page.locator('.pager').textContent()).resolves.toMatch(/共 \d+ 条/);
    await shot('editor-list.png');
  });

  it('searches and filters the entries', async () => {
    await page.fill('#q', '药品零售');
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForURL(/#\/entries\?q=/);
    await page.locator('#entries a', { hasText: 'item-drug-retail' }).waitFor();
    await page.selectOption('#kind-filter', 'faq');
    await page.waitForURL(/kind=faq/);
    await page.locator('#entries tbody tr').first().waitFor();
    const kinds = await page.locator('#entries tbody tr td:nth-child(2)').allTextContents();
    expect(kinds.every((k) => k === '常见问题' || k.includes('没有符合'))).toBe(true);
  });

  it('shows each validation error next to its field, saves the fix, publishes, and the assistant answers with it', async () => {
    const before = await ask(qihu.url, '开药店要多久');
    expect(before).toMatchObject({ kind: 'answer', entryId: 'item-drug-retail' });
    expect(before.text).toContain('承诺办结时限：10个工作日');

    await page.goto(qihu.url + '/editor#/entries?q=' + encodeURIComponent('药品零售'));
    await page.locator('#entries a', { hasText: 'item-drug-retail' }).click();
    await page.waitForSelector('#entry-form[data-kind="item"]');
    const name = await page.inputValue('#f-name');
    const firstMaterial = page.locator('input[data-path="materials.0.name"]');
    const material = await firstMaterial.inputValue();
    expect(material).not.toBe('');

    await page.fill('#f-promisedDays', '-3');
    await page.fill('#f-name', '');
    await firstMaterial.fill('');
    await page.click('#save');
    const daysError = page.locator('.field[data-field="promisedDays"] .field-error');
    await daysError.filter({ hasText: '不能小于 0' }).waitFor();
    await expect(page.locator('.field[data-field="name"] .field-error').textContent()).resolves.toBe('不能为空');
    await expect(page.locator('[data-error-for="materials.0.name"]').textContent()).resolves.toBe('不能为空');
    expect(await page.getAttribute('#f-promisedDays', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-promisedDays', 'aria-describedby')).toBe(await daysError.getAttribute('id'));
    await expect(flash().textContent()).resolves.toContain('3 处需要修改');
    await shot('editor-item-errors.png');

    await page.fill('#f-name', name);
    await firstMaterial.fill(material);
    await page.fill('#f-promisedDays', '7');
    await page.fill('#f-timeLimitNote', NEW_NOTE);
    await save(/已保存为版本 2/);
    expect(await daysError.textContent()).toBe('');
    expect(await page.getAttribute('#f-promisedDays', 'aria-invalid')).toBeNull();
    // The new version, its author and its diff are in the history.
    const latest = page.locator('#history article.version').first();
    await expect(latest.locator('header').textContent()).resolves.toMatch(new RegExp(`版本 2 · 修改.*${EDITOR.replace('.', '\\.')}`));
    const row = latest.locator('.diff tr', { hasText: 'promisedDays' });
    await expect(row.locator('.before').textContent()).resolves.toBe('10');
    await expect(row.locator('.after').textContent()).resolves.toBe('7');

    // Saved, not live: the assistant still answers with the published text.
    expect((await ask(qihu.url, '开药店要多久')).text).toContain('承诺办结时限：10个工作日');
    await page.locator('#status-text', { hasText: '未发布的变更：1 个变更集' }).waitFor();
    await shot('editor-item-saved.png');
    await page.fill('#publish-note', '调整药店许可时限');
    await page.click('#publish');
    await flash().filter({ hasText: /已发布 r2/ }).waitFor();
    await page.locator('#status-text', { hasText: '没有未发布的变更' }).waitFor();

    const after = await ask(qihu.url, '开药店要多久');
    expect(after.text).toContain('承诺办结时限：7个工作日');
    expect(after.text).toContain('编辑台修改');
  });

  it('refuses a stale save with a conflict message', async () => {
    await page.goto(qihu.url + '/editor#/entry/faq-0014');
    await page.waitForSelector('#entry-form[data-kind="faq"]');
    // Someone else saves the same entry meanwhile (through the API, as the same user).
    const other = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const got = (await (await fetch('/api/v1/admin/kb/entries/faq-0014')).json()) as { version: number; entry: { answer: string } };
      const entry = { ...got.entry, answer: got.entry.answer + '（他人修改）' };
      const res = await fetch('/api/v1/admin/kb/entries/faq-0014', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ expectedVersion: got.version, entry }),
      });
      return res.status;
    });
    expect(other).toBe(200);
    await page.fill('#f-answer', '我的修改');
    await page.click('#save');
    await flash().filter({ hasText: '别人已经修改了这个条目' }).waitFor();
  });

  it('keeps what the form does not show: a policy saved from the form keeps its eligibility rules', async () => {
    await page.goto(qihu.url + '/editor#/entry/policy-high-tech-enterprise-award');
    await page.waitForSelector('#entry-form[data-kind="policy"]');
    const rulesOf = () =>
      page.evaluate(async () => {
        const got = (await (await fetch('/api/v1/admin/kb/entries/policy-high-tech-enterprise-award')).json()) as { entry: { rules?: unknown } };
        return got.entry.rules;
      });
    const before = await rulesOf();
    expect(before).toBeDefined();
    await page.fill('#f-phone', '0760-88320099');
    await save(/已保存为版本/);
    expect(await rulesOf()).toEqual(before);
  });

  it('shows an FAQ answer holding HTML as text, and edits the alternates row by row', async () => {
    await page.goto(qihu.url + '/editor#/entry/faq-0013');
    await page.waitForSelector('#entry-form[data-kind="faq"]');
    const answer = `遗失补领请带好申请书。${XSS_IMG}`;
    await page.fill('#f-answer', answer);
    const rows = page.locator('#f-alternates input');
    const count = await rows.count();
    await page.click('button[data-add="alternates"]');
    await rows.nth(count).fill('执照丢失如何补领');
    await save(/已保存为版本/);

    await page.reload();
    await page.waitForSelector('#entry-form[data-kind="faq"]');
    expect(await page.inputValue('#f-answer')).toBe(answer);
    expect(await page.locator('#f-alternates input').nth(count).inputValue()).toBe('执照丢失如何补领');
    const after = page.locator('#history article.version').first().locator('.diff tr', { hasText: 'answer' }).locator('.after');
    await expect(after.textContent()).resolves.toBe(answer);
    expect(await page.locator('img').count()).toBe(0);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    await shot('editor-faq-xss-as-text.png');
  });

  it('creates a policy (a cross-field error lands on validTo), rolls it back to an old version, and deletes it', async () => {
    await page.goto(qihu.url + '/editor#/entries');
    await page.selectOption('#new-kind', 'policy');
    await page.click('#new-entry');
    await page.waitForSelector('#entry-form[data-kind="policy"]');
    await page.fill('#f-id', 'policy-ui-test');
    await page.fill('#f-title', '编辑台测试补贴');
    await page.selectOption('#f-level', '市');
    await page.fill('#f-department', '市工业和信息化局');
    await page.fill('#f-summary', '测试摘要');
    await page.fill('#f-eligibility', '测试条件');
    await page.fill('#f-benefits', '测试内容');
    await page.fill('#f-validFrom', '2026-12-31');
    await page.fill('#f-validTo', '2026-01-01');
    await page.click('#save');
    await page.locator('[data-error-for="validTo"]', { hasText: '截止日期不能早于开始日期' }).waitFor();
    await expect(page.locator('[data-error-for="howToApply"]').textContent()).resolves.toBe('不能为空');
    await shot('editor-policy-errors.png');

    await page.fill('#f-howToApply', '网上申请');
    await page.fill('#f-validTo', '2027-12-31');
    await save(/已创建 policy-ui-test/);
    await page.waitForSelector('#entry-form[data-kind="policy"] #f-id[readonly]');
    await page.fill('#f-benefits', '第二版内容');
    await save(/已保存为版本 2/);

    await page.locator('#history article.version[data-version="1"] button.rollback').click();
    await flash().filter({ hasText: '已回滚：新版本 3' }).waitFor();
    await page.locator('#history article.version[data-version="3"]').waitFor();
    expect(await page.inputValue('#f-benefits')).toBe('测试内容');

    await page.click('#delete');
    await flash().filter({ hasText: '已删除 policy-ui-test' }).waitFor();
    await page.waitForURL(/#\/entries$/);
  });

  it('validates the synonyms and the routing table, showing where each problem is', async () => {
    await page.goto(qihu.url + '/editor#/synonyms');
    await page.waitForFunction(() => ((globalThis as unknown as { document: { querySelector(s: string): { value: string } } }).document.querySelector('#synonyms')?.value ?? '') !== '');
    const text = await page.inputValue('#synonyms');
    await page.fill('#synonyms', text + '\n孤单');
    await page.click('#save-synonyms');
    const line = text.split('\n').filter((l) => l.trim()).length + 1;
    await page.locator('#synonyms-issues li', { hasText: `第 ${line} 行` }).waitFor();
    await page.fill('#synonyms', text + '\n开药店，药店开办');
    await page.click('#save-synonyms');
    await flash().filter({ hasText: '同义词已保存' }).waitFor();

    await page.goto(qihu.url + '/editor#/routing');
    await page.waitForFunction(() => ((globalThis as unknown as { document: { querySelector(s: string): { value: string } } }).document.querySelector('#routing')?.value ?? '') !== '');
    const routing = JSON.parse(await page.inputValue('#routing')) as { rules: { department: string }[] };
    routing.rules[0]!.department = '不存在的部门';
    // page.fill types a 40 KB text slowly: set the value directly.
    await page.locator('#routing').evaluate((el, value) => void ((el as unknown as { value: string }).value = value), JSON.stringify(routing, null, 2));
    await page.click('#save-routing');
    await page.locator('#routing-issues li', { hasText: 'rules.0.department' }).waitFor();
    await expect(page.locator('#routing-issues').textContent()).resolves.toContain('未知部门“不存在的部门”');
    await page.fill('#routing', '{ broken');
    await page.click('#save-routing');
    await page.locator('#routing-issues li', { hasText: '不是有效的 JSON' }).waitFor();
  });

  it('imports a FAQ CSV: dry-run report, confirm, then rolls the whole import back', async () => {
    await page.goto(qihu.url + '/editor#/import');
    const csv = 'id,question,answer,department\nfaq-ui-import,编辑台导入的问题是什么？,这是导入的答案。,示例市政务服务数据管理局\n';
    await page.setInputFiles('#import-file', { name: 'ui-import.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    expect(await page.inputValue('#import-format')).toBe('faq-csv');
    await page.click('#import-dry-run');
    await page.locator('#import-report h3', { hasText: '试运行报告' }).waitFor();
    const counts = await page.locator('#report-counts tbody td').allTextContents();
    expect(counts.slice(0, 4)).toEqual(['1', '0', '0', '1']);
    await shot('editor-import-report.png');

    // Export: the whole draft as one JSON bundle, downloaded with the session cookie.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; entries: unknown[] };
    expect(bundle.format).toBe('qihu.kb-export/v1');
    expect(bundle.entries.length).toBeGreaterThan(100);

    await page.click('#import-confirm');
    await flash().filter({ hasText: /已导入为变更集 cs\d+/ }).waitFor();
    const changeSet = /变更集 (cs\d+)/.exec((await flash().textContent()) ?? '')![1]!;

    await page.goto(qihu.url + '/editor#/change-sets');
    await page.locator('#change-sets a', { hasText: changeSet }).click();
    await page.locator('h2', { hasText: `变更集 ${changeSet} · 导入` }).waitFor();
    await page.click('#rollback-change-set');
    await flash().filter({ hasText: `已回滚 ${changeSet}` }).waitFor();
    await page.goto(qihu.url + '/editor#/entry/faq-ui-import');
    await flash().filter({ hasText: '已被删除' }).waitFor();
  });

  it('lists who changed what in the audit log', async () => {
    await page.goto(qihu.url + '/editor#/audit');
    await page.locator('#audit tbody tr').first().waitFor();
    const text = (await page.locator('#audit').textContent()) ?? '';
    expect(text).toContain(EDITOR);
    expect(text).toContain('发布');
    expect(text).toContain('回滚变更集');
    await shot('editor-audit.png');
  });
});
