/**
 * The inbox and analytics pages in a real browser (Debian's chromium through playwright-core)
 * against a whole qihu (startQihu): not signed in → the login page; signed in as an editor, the
 * inbox lists the groups (a question that looks like HTML shows as text and never runs), dismiss
 * works through the CSRF-checked API, the FAQ form opens prefilled; the analytics page draws its
 * SVG charts with the bundled chart library. No CSP violations. Screenshots go to test-artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, XSS_IMG } from '../support/browser';
import { ask, askAndRate, EDITOR_USER, fileTicketByChat, startInboxQihu, type InboxQihu } from './support';

const describeBrowser = describeWithChromium(__filename);

const XSS = `${XSS_IMG}月球移民签证怎么续签`;


describeBrowser('inbox and analytics pages', () => {
  let qihu: InboxQihu;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    qihu = await startInboxQihu();
    for (let i = 0; i < 2; i++) expect((await ask(qihu.url, XSS)).first.type).toBe('handoff');
    await ask(qihu.url, '卖感冒药的小铺子咋弄');
    await askAndRate(qihu.url, '开药店要什么材料', false);
    await askAndRate(qihu.url, '注销公司流程', true);
    await fileTicketByChat(qihu.url);
    browser = await launchChromium();
    context = await newRecordingContext(browser);
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.stop();
  });


  it('sends whoever is not signed in to the login page', async () => {
    await page.goto(qihu.url + '/editor/inbox');
    await page.waitForURL(/\/login\?next=%2Feditor%2Finbox/);
  });

  it('lists the groups, question text as text; dismiss and the FAQ form work', async () => {
    const login = await context.request.post(qihu.url + '/api/v1/auth/login', { data: EDITOR_USER });
    expect(login.status()).toBe(200);
    await page.goto(qihu.url + '/editor/inbox');
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator('#user').textContent()).toContain(EDITOR_USER.username);
    const xssGroup = page.locator('li.group', { has: page.locator('.question', { hasText: '月球移民签证怎么续签' }) });
    await expect(xssGroup.locator('.question').textContent()).resolves.toBe(XSS);
    expect(await xssGroup.locator('.count').textContent()).toBe('2');
    expect(await page.locator('#groups img, #groups script').count()).toBe(0);
    expect(await page.locator('li.group').count()).toBeGreaterThanOrEqual(3);
    // The 👎 group offers the answered entry.
    const unhelpful = page.locator('li.group', { has: page.locator('.question', { hasText: '开药店要什么材料' }) });
    expect(await unhelpful.locator('.chip.unhelpful').textContent()).toBe('👎 1');
    expect(await unhelpful.locator('button.alt').first().textContent()).toContain('药品零售');
    // Add as alias to the answered entry (a POST with the session's CSRF token): the group is handled.
    await unhelpful.locator('button.alt').first().click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('#status')?.textContent?.includes('item-drug-retail'));
    await expect(page.locator('li.group', { has: page.locator('.question', { hasText: '开药店要什么材料' }) }).count()).resolves.toBe(0);
    // New FAQ: the form opens prefilled with the question.
    await xssGroup.locator('button.new-faq').click();
    expect(await xssGroup.locator('.faq-form input[name="question"]').inputValue()).toBe(XSS);
    await screenshot(page, 'inbox.png');
    // Dismiss (a POST with the CSRF token from /api/v1/auth/me).
    await xssGroup.locator('button.dismiss').click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('#status')?.textContent?.includes('已忽略'));
    await expect(page.locator('li.group', { has: page.locator('.question', { hasText: '月球移民签证怎么续签' }) }).count()).resolves.toBe(0);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
  });

  it('draws the analytics charts with the bundled chart library', async () => {
    await page.goto(qihu.url + '/editor/analytics');
    await page.waitForSelector('body[data-loaded="true"]');
    // Seven charts of conversations and tickets, two of policy matching (drawn after them).
    await page.locator('#chart-missing svg').waitFor();
    expect(await page.locator('svg.qc-chart').count()).toBe(9);
    expect(await page.locator('#chart-time circle.qc-point').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-time path.qc-line').count()).toBe(5);
    expect(await page.locator('#chart-feedback rect.qc-bar').count()).toBe(2);
    expect(await page.locator('#chart-sla rect.qc-bar').count()).toBe(4);
    expect(await page.locator('#chart-entries rect.qc-bar').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-department rect.qc-bar').count()).toBe(1);
    // Tooltips are <title> elements; KPI tiles show the totals.
    expect(await page.locator('#chart-feedback rect.qc-bar title').first().textContent()).toBe('👍 有用：1 次');
    expect(await page.locator('#kpis .kpi').count()).toBe(7);
    // The unanswered chart shows the remaining groups; HTML-looking text never becomes markup.
    expect(await page.locator('#chart-unanswered rect.qc-bar').count()).toBeGreaterThan(0);
    expect(await page.locator('.charts img, .charts foreignObject').count()).toBe(0);
    await screenshot(page, 'analytics.png');
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    expect(errors).toEqual([]);
  });
});
