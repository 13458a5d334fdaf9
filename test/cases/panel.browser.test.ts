/**
 * The console's 相似往期案例 panels in a real browser (Debian's chromium through playwright-core)
 * against a real qihu: while the caller's words are typed (debounced, traditional script too), the
 * three most similar past cases with title, department, 高/中/低 and the reply's gist that opens to
 * the whole reply; 新来电 empties the panel; a case whose texts look like HTML shows as text; the
 * ticket form shows the cases like its summary. Screenshots go to test-artifacts/.
 *
 * Skipped, with a message, only when /usr/bin/chromium is missing and CI is unset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { loadCases, loadKnowledgeBase, type PastCase } from '../../src/kb';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn, XSS_IMG, XSS_SCRIPT } from '../support/browser';

const describeBrowser = describeWithChromium(__filename);

const PASSWORD = 'operator-password-cases-0123';

/** The little of the page's window these tests read (the project type-checks without the DOM library). */
interface PageWindow {
  document: { querySelectorAll(selector: string): ArrayLike<unknown> };
}

/** A past case whose texts are attacks: they must show as text, never run. */
const XSS_CASE: PastCase = {
  id: 'case-xss-probe',
  title: `深海潜水器码头夜间作业噪音${XSS_IMG}`,
  text: '潜水器码头每天夜里作业，噪音很大。',
  reply: `您好！经查${XSS_SCRIPT}，码头已调整作业时间。`,
  department: `示例市海洋局${XSS_SCRIPT}`,
  synthetic: true,
};

describeBrowser('the similar-cases panels in a browser', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const cases = () => page.locator('#similar-cases li.case');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-cases-browser-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', AUTH_USERS: `li.si:operator:${hashSecret(PASSWORD)}` });
    const kbDir = resolve(config.KB_DIR);
    const sample = loadCases(kbDir);
    if (!sample) throw new Error('the sample knowledge base has no cases.json');
    qihu = await startQihu(config, silentLogger, { knowledgeBase: loadKnowledgeBase(kbDir), cases: [...sample.cases, XSS_CASE] });
    browser = await launchChromium({ extraArgs: ['--disable-quic'] });
    context = await newRecordingContext(browser);
    page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(qihu.url + '/operator');
    await signIn(page, 'li.si', PASSWORD, (p) => p.waitForURL((u) => u.pathname === '/operator'));
    await page.waitForLoadState('load');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the three most similar past cases while the caller is heard, debounced', async () => {
    await expect(page.locator('#similar-cases .hint').textContent()).resolves.toContain('往期相似案例');
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/hotline/cases/similar')) requests.push(r.postData() ?? '');
    });
    await page.locator('#caller-text').pressSequentially('東城區工地夜間施工噪音擾民', { delay: 40 });
    await page.waitForSelector('#similar-cases li.case[data-case-id="sample-case-001"]');
    // Typed a key every 40 ms: the 300 ms debounce asked once or twice, not once a key.
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(await cases().count()).toBe(3);
    const first = cases().first();
    expect(await first.getAttribute('data-case-id')).toBe('sample-case-001');
    await expect(first.locator('.title').textContent()).resolves.toBe('1. 东城区商业街工地夜间施工噪音扰民');
    await expect(first.locator('.meta').textContent()).resolves.toContain('答复部门：示例市城市管理和综合执法局');
    await expect(first.locator('.meta').textContent()).resolves.toContain('示例案例');
    await expect(first.locator('.level').textContent()).resolves.toBe('相似度 高');
    await expect(first.locator('.level').getAttribute('class')).resolves.toContain('level-high');
    for (const level of await page.locator('#similar-cases .level').allTextContents()) expect(level).toMatch(/^相似度 [高中低]$/);

    // The gist first; the whole reply once opened.
    await expect(first.locator('summary.gist').textContent()).resolves.toMatch(/^经示例市城市管理和综合执法局东城中队现场核查/);
    expect(await first.locator('.full').isVisible()).toBe(false);
    await first.locator('summary.gist').click();
    await expect(first.locator('.full').isVisible()).resolves.toBe(true);
    await expect(first.locator('.full').textContent()).resolves.toContain('网友您好！您的留言已收悉。');
    await screenshot(page, 'operator-similar-cases.png');
  });

  it('keeps the call\'s recorded words in the question, and 新来电 empties the panel', async () => {
    await page.press('#caller-text', 'Enter');
    await page.waitForSelector('#transcript li.caller');
    await page.locator('#caller-text').fill('');
    await page.locator('#caller-text').pressSequentially('还有', { delay: 20 });
    await page.waitForTimeout(600);
    expect(await page.getAttribute('#similar-cases li.case >> nth=0', 'data-case-id')).toBe('sample-case-001');
    await page.click('#new-call');
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).document.querySelectorAll('#similar-cases li.case').length === 0);
    expect(await page.locator('#similar-cases .hint').isVisible()).toBe(true);
  });

  it('shows a past case that looks like HTML as text', async () => {
    await page.fill('#caller-text', '潜水器码头夜间作业噪音');
    await page.waitForSelector('#similar-cases li.case[data-case-id="case-xss-probe"]');
    const probe = page.locator('#similar-cases li.case[data-case-id="case-xss-probe"]');
    await expect(probe.locator('.title').textContent()).resolves.toContain(XSS_IMG);
    await expect(probe.locator('.meta').textContent()).resolves.toContain(XSS_SCRIPT);
    await probe.locator('summary.gist').click();
    await expect(probe.locator('.full').textContent()).resolves.toContain(XSS_SCRIPT);
    expect(await page.locator('#similar-cases img, #similar-cases script').count()).toBe(0);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
  });

  it('shows the cases like the ticket in the ticket form', async () => {
    await page.click('#new-call');
    await page.locator('#caller-text').fill('我们公司出口退税申报了三个月还没到账，我要投诉');
    await page.press('#caller-text', 'Enter');
    await page.waitForSelector('#transcript li.caller');
    await page.click('#open-ticket');
    await page.waitForSelector('#ticket-panel:not([hidden])');
    await page.waitForSelector('#ticket-cases li.case[data-case-id="sample-case-004"]');
    await expect(page.locator('#ticket-cases li.case >> nth=0').locator('.meta').textContent()).resolves.toContain('国家税务总局示例市税务局');
    // Editing the summary asks again.
    await page.fill('#t-summary', '烧烤店油烟直排影响楼上住户');
    await page.fill('#t-detail', '');
    await page.waitForSelector('#ticket-cases li.case[data-case-id="sample-case-005"] >> nth=0');
    expect(await page.getAttribute('#ticket-cases li.case >> nth=0', 'data-case-id')).toBe('sample-case-005');
    await page.locator('#ticket-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'operator-ticket-similar-cases.png');
  });

  it('raised no page errors and no CSP violations', async () => {
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    expect(problems).toEqual([]);
  });
});
