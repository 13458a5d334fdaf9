/**
 * The 督办 pages in a real browser (Debian's chromium through playwright-core) against a whole
 * qihu whose journal is seeded with tickets of every colour (support.ts): the redirect to /login
 * and back, an operator kept out; the list with its colour counts; the filters (colours,
 * department, dates, kept in the address across a reload; category and district, alone and
 * together; 待研判); a ticket's timeline; the CSV and Excel downloads of the filtered list; the daily summary page; and the same on a phone-sized screen,
 * where the table becomes cards. An enterprise name that looks like HTML shows as text. No CSP
 * violations, no page errors. Screenshots go to test-artifacts/supervision-*.png.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn, XSS_IMG } from '../support/browser';
import { fileTicket, OPERATOR, SEEDED_PHONE, SEEDS, SUPERVISOR, seededId, startSupervisionQihu, type SupervisionQihu } from './support';

const describeBrowser = describeWithChromium(__filename);

const XSS = `${XSS_IMG}示例企业`;


describeBrowser('the 督办 pages in a browser', () => {
  let qihu: SupervisionQihu;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const seeded = (n: number) => seededId(qihu.seededAt, SEEDS.find((s) => s.n === n)!);

  beforeAll(async () => {
    qihu = await startSupervisionQihu();
    // One more, filed through the API: its enterprise name is an attack.
    await fileTicket(qihu.url, {
        channel: 'web',
        enterprise: { name: XSS, creditCode: '91350100M000100Y43', district: '临江县' },
        contact: { name: '赵六', phone: '13800138000' },
        demand: { summary: '=HYPERLINK("http://evil.example") 厂区外路灯不亮' },
      });
    browser = await launchChromium();
    context = await newRecordingContext(browser, { acceptDownloads: true });
    page = await context.newPage();
    collectProblems(page, problems);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.stop();
  });

  const rows = (p: Page = page) => p.locator('#rows > tr[data-id]');
  /** Does `act` and waits for the list it triggers to be drawn. */
  async function reload(p: Page, act: () => Promise<unknown>): Promise<void> {
    await Promise.all([p.waitForResponse((r) => r.url().includes('/api/v1/supervision/tickets?')), act()]);
    await p.waitForSelector('body[data-loaded="true"]');
  }
  const counts = (p: Page = page) =>
    p.evaluate(() => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document;
      return ['red', 'yellow', 'green', 'grey'].map((c) => doc.getElementById('count-' + c)?.textContent);
    });

  it('sends whoever is not signed in to the login page and back; keeps an operator out', async () => {
    const operator = await browser.newContext();
    try {
      const op = await operator.newPage();
      await op.goto(qihu.url + '/login');
      await signIn(op, OPERATOR.username, OPERATOR.password, (p) => p.waitForURL(qihu.url + '/operator'));
      const refused = await op.goto(qihu.url + '/supervision');
      expect(new URL(op.url()).pathname).toBe('/login');
      expect(refused?.status()).toBe(200);
    } finally {
      await operator.close();
    }
    await page.goto(qihu.url + '/supervision');
    await page.waitForURL(/\/login\?next=%2Fsupervision$/);
    await signIn(page, SUPERVISOR.username, SUPERVISOR.password, (p) => p.waitForURL(qihu.url + '/supervision'));
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator('#user').textContent()).toContain(SUPERVISOR.username);
  });

  it('lists the tickets overdue first, with each colour counted; text stays text', async () => {
    expect(await counts()).toEqual(['4', '2', '4', '3']);
    expect(await rows().count()).toBe(13);
    expect(await rows().first().getAttribute('class')).toBe('red');
    expect(await rows().nth(12).getAttribute('class')).toBe('grey');
    expect(await rows().first().locator('.badge').textContent()).toBe('已超期');
    expect(await rows().first().locator('.left').textContent()).toBe('超期 2 天');
    const attack = rows().filter({ hasText: '示例企业' });
    expect(await attack.locator('td.summary > span').first().textContent()).toBe(XSS);
    expect(await page.locator('#rows img').count()).toBe(0);
    const text = (await page.locator('#rows').textContent()) ?? '';
    expect(text).not.toContain(SEEDED_PHONE);
    expect(text).toContain('139****5678');
    await screenshot(page, 'supervision-list.png');
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
  });

  it('filters by colour, department and date, keeps the filters in the address, and refuses a reversed range', async () => {
    await reload(page, () => page.getByLabel('正常').uncheck());
    await reload(page, () => page.getByLabel('已办结').uncheck());
    expect(await rows().count()).toBe(6);
    expect(page.url()).toContain('colour=red%2Cyellow');
    await page.selectOption('#department', '市住房和城乡建设局');
    await reload(page, () => page.getByRole('button', { name: '查询' }).click());
    expect(await rows().count()).toBe(2);
    // Grey is not selected: with a department set, the answered ones are not counted.
    expect(await counts()).toEqual(['2', '0', '1', '–']);
    expect(await rows().locator('td[data-label="承办部门"]').allTextContents()).toEqual(['市住房和城乡建设局', '市住房和城乡建设局']);
    await screenshot(page, 'supervision-filtered.png');
    // A reload shows the same list.
    await reload(page, () => page.reload());
    expect(await page.locator('#department').inputValue()).toBe('市住房和城乡建设局');
    expect(await page.getByLabel('正常').isChecked()).toBe(false);
    expect(await rows().count()).toBe(2);
    // The export links carry the same filters.
    const csvHref = (await page.locator('#export-csv').getAttribute('href')) ?? '';
    expect(new URL(csvHref, qihu.url).searchParams.get('department')).toBe('市住房和城乡建设局');
    expect(new URL(csvHref, qihu.url).searchParams.get('colour')).toBe('red,yellow');
    // From after to: said so, nothing asked.
    await page.fill('#from', '2026-11-20');
    await page.fill('#to', '2026-11-19');
    await page.getByRole('button', { name: '查询' }).click();
    expect(await page.locator('#status').textContent()).toBe('开始日期不能晚于结束日期');
    expect(await page.locator('#status').getAttribute('class')).toBe('status error');
    await reload(page, () => page.getByRole('button', { name: '重置' }).click());
    expect(await rows().count()).toBe(13);
  });

  it('filters by category (一级 or 一级/二级) and district, alone and together, and by 待研判', async () => {
    const ids = async () => Promise.all((await rows().all()).map((r) => r.getAttribute('data-id')));
    const cells = (label: string) => rows().locator(`td[data-label="${label}"]`).allTextContents();
    await page.selectOption('#category', '商贸旅游');
    await reload(page, () => page.getByRole('button', { name: '查询' }).click());
    // Overdue first, then due soon, then on time, then answered.
    expect(await ids()).toEqual([3, 5, 7, 11].map(seeded));
    expect(new URL(page.url()).searchParams.get('category')).toBe('商贸旅游');
    await page.selectOption('#category', '');
    await page.selectOption('#district', '西城区');
    await reload(page, () => page.getByRole('button', { name: '查询' }).click());
    expect(await ids()).toEqual([2, 7, 12].map(seeded));
    expect(await cells('区县')).toEqual(['西城区', '西城区', '西城区']);
    await page.selectOption('#category', '城乡建设/建筑市场');
    await reload(page, () => page.getByRole('button', { name: '查询' }).click());
    expect(await ids()).toEqual([2, 12].map(seeded));
    expect(await counts()).toEqual(['1', '0', '0', '1']);
    await screenshot(page, 'supervision-filtered-category-district.png');
    // The export links carry both.
    const xlsx = new URL((await page.locator('#export-xlsx').getAttribute('href')) ?? '', qihu.url).searchParams;
    expect([xlsx.get('category'), xlsx.get('district')]).toEqual(['城乡建设/建筑市场', '西城区']);
    // 只看待研判: none of these is waiting for a person (test/kb-store/triage-model-live.test.ts
    // files one); the box is kept in the address and the export links, and 重置 unticks it.
    await page.getByLabel('只看待研判').check();
    await reload(page, () => page.getByRole('button', { name: '查询' }).click());
    expect(await rows().count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('review')).toBe('true');
    expect(new URL((await page.locator('#export-csv').getAttribute('href')) ?? '', qihu.url).searchParams.get('review')).toBe('true');
    await reload(page, () => page.reload());
    expect(await page.getByLabel('只看待研判').isChecked()).toBe(true);
    await reload(page, () => page.getByRole('button', { name: '重置' }).click());
    expect(await page.getByLabel('只看待研判').isChecked()).toBe(false);
    expect(await rows().count()).toBe(13);
  });

  it("shows a ticket's timeline: filed, delivered, received, assigned, the deadline, answered late, rated", async () => {
    const late = rows().filter({ has: page.locator(`button:text-is("${seeded(11)}")`) });
    await late.locator('button.link').click();
    const panel = page.locator('#timeline');
    await panel.waitFor({ state: 'visible' });
    expect(await page.locator('#timeline-title').textContent()).toBe(`工单 ${seeded(11)} 的办理过程`);
    const events = page.locator('#events > li');
    expect(await events.locator('.what').allTextContents()).toEqual(['提交工单', '已推送', '已受理', '已分派', '办结时限', '已办结', '企业评价']);
    expect(await events.nth(4).getAttribute('class')).toBe('deadline');
    expect(await events.nth(5).locator('.more').textContent()).toBe('办理结果：已办理完毕，经办人电话139****5678');
    expect(await events.nth(6).locator('.more').textContent()).toBe('2 分　感谢');
    const facts = (await page.locator('#facts').textContent()) ?? '';
    expect(facts).toContain('超时办结');
    expect(facts).not.toContain(SEEDED_PHONE);
    expect(await late.getAttribute('class')).toBe('grey selected');
    await screenshot(page, 'supervision-timeline.png');
    await page.getByRole('button', { name: '关闭' }).click();
    await panel.waitFor({ state: 'hidden' });
  });

  it('downloads the filtered list as CSV and as Excel', async () => {
    await reload(page, () => page.getByLabel('已办结').uncheck());
    const total = (await rows().count()).toString();
    expect(total).toBe('10');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^督办工单-\d{8}\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^工单编号,提交时间,/);
    expect(text).not.toContain(SEEDED_PHONE);
    // The HTML-looking name as text; the formula-looking summary neutralised.
    expect(text).toContain('"<img src=x onerror=""window.__xss=1"">示例企业"');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"") 厂区外路灯不亮"`);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^督办工单-\d{8}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsx.path())!);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(11);
    expect(sheet.getRow(2).getCell(17).value).toBe('已超期');
    await reload(page, () => page.getByRole('button', { name: '重置' }).click());
  });

  it('draws the daily summary', async () => {
    await page.getByRole('link', { name: '每日汇总' }).click();
    await page.waitForURL(/\/supervision\/summary/);
    await page.waitForSelector('body[data-loaded="true"]');
    const kpis = page.locator('#kpis .kpi');
    expect(await kpis.count()).toBe(10);
    expect(await page.locator('#kpis .kpi.red .kpi-value').textContent()).toBe('4');
    expect(await page.locator('#chart-overdue rect.qc-bar').count()).toBe(3);
    expect(await page.locator('#chart-overdue rect.qc-bar title').first().textContent()).toBe('市住房和城乡建设局：2 件');
    expect(await page.locator('#overdue tr').first().locator('td').allTextContents()).toEqual(['市住房和城乡建设局', '2']);
    await screenshot(page, 'supervision-summary.png');
    // An earlier day, from the date picker; the JSON link follows it.
    const yesterday = new Date(Date.now() + 8 * 3600e3 - 86_400_000).toISOString().slice(0, 10);
    await page.fill('#date', yesterday);
    await Promise.all([page.waitForResponse((r) => r.url().includes(`summary?date=${yesterday}`)), page.getByRole('button', { name: '查看' }).click()]);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator('#json').getAttribute('href')).toBe(`/api/v1/supervision/summary?date=${yesterday}`);
    expect(page.url()).toContain(`date=${yesterday}`);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
  });

  it('works on a phone-sized screen: cards instead of a table, nothing wider than the screen', async () => {
    const phone = await newRecordingContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const login = await phone.request.post(qihu.url + '/api/v1/auth/login', { data: SUPERVISOR });
      expect(login.status()).toBe(200);
      const p = await phone.newPage();
      collectProblems(p, problems);
      await p.goto(qihu.url + '/supervision');
      await p.waitForSelector('body[data-loaded="true"]');
      expect(await rows(p).count()).toBe(13);
      expect(await p.locator('table.tickets thead').isVisible()).toBe(false);
      const label = await rows(p).first().locator('td[data-label="办结时限"]').evaluate((td) => {
        const g = globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } };
        return g.getComputedStyle(td, '::before').content;
      });
      expect(label).toBe('"办结时限："');
      const width = () => p.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      expect(await width()).toBeLessThanOrEqual(390);
      await screenshot(p, 'supervision-phone.png', false);
      await rows(p).first().locator('button.link').tap();
      await p.locator('#timeline').waitFor({ state: 'visible' });
      expect(await width()).toBeLessThanOrEqual(390);
      await p.locator('#timeline').scrollIntoViewIfNeeded();
      await screenshot(p, 'supervision-phone-timeline.png', false);
      await p.goto(qihu.url + '/supervision/summary');
      await p.waitForSelector('body[data-loaded="true"]');
      expect(await p.locator('#kpis .kpi').count()).toBe(10);
      expect(await width()).toBeLessThanOrEqual(390);
      await screenshot(p, 'supervision-summary-phone.png', false);
      expect(await injectionProbes(p)).toEqual({ xss: undefined, csp: [] });
    } finally {
      await phone.close();
    }
    expect(problems).toEqual([]);
  });
});
