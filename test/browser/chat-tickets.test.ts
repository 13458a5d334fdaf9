/**
 * The chat page's 我的工单 and its polish, in Chromium against a real qihu (startQihu) whose
 * NOTIFY_URL is a real local HTTP receiver checking every signature:
 *
 * - the welcome screen's popular questions (an editor's 热门 FAQ), answered on a tap;
 * - inline SVG icons (no emoji), safe clickable links in answers, an overview card that does not
 *   repeat its facts, a checklist copied to the clipboard and printed alone;
 * - a ticket filed in the chat listed under 我的工单 with status and deadline; its status changes
 *   pushed into the open chat; a change while the page was closed shown on return; each change
 *   signed to the gateway; a stranger typing the number learns nothing;
 * - traditional-script labels; a phone-sized run. Screenshots go to test-artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { loadKnowledgeBase, type Entry } from '../../src/kb';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../src/tickets/signing';
import { collectProblems, describeWithChromium, launchChromium, newRecordingContext, screenshot } from '../support/browser';

const describeBrowser = describeWithChromium(__filename);
const NOTIFY_SECRET = 'browser-test-notify-secret';

interface Notice {
  verified: boolean;
  body: { kind?: string; ticketId?: string; status?: string; recipient?: { phone?: string } };
}

const POPULAR_FAQ: Entry = {
  kind: 'faq',
  id: 'faq-popular-hours',
  question: '政务服务中心周末上班吗',
  alternates: ['政务服务中心周末开门吗'],
  answer: '市政务服务中心周六上午 9:00-12:00 办理部分事项，详见 https://zwfw.example.gov.cn/hours 。不要点 javascript:alert(1) 这样的链接。',
  department: '市政务服务管理局',
  tags: ['热门'],
} as Entry;

describeBrowser('我的工单 and the polished chat page in a browser', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: Server;
  const notices: Notice[] = [];
  const problems: string[] = [];
  let ticketId = '';

  const bots = (p: Page) => p.locator('#log > li.msg.bot');
  const notes = (p: Page) => p.locator('#log > li.msg.note');

  async function botMatching(p: Page, after: number, re: RegExp, timeout = 15_000): Promise<number> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const texts = await bots(p).allTextContents();
      const i = texts.slice(after).findIndex((t) => re.test(t));
      if (i >= 0) return after + i;
      if (Date.now() > deadline) throw new Error(`no bot message matching ${re} (got: ${texts.slice(after).join(' | ').slice(0, 400)})`);
      await p.waitForTimeout(50);
    }
  }
  async function say(p: Page, text: string, expect: RegExp): Promise<number> {
    const before = await bots(p).count();
    await p.fill('#input', text);
    await p.press('#input', 'Enter');
    return botMatching(p, before, expect);
  }
  async function click(p: Page, button: ReturnType<Page['locator']>, expect: RegExp): Promise<number> {
    const before = await bots(p).count();
    await button.click();
    return botMatching(p, before, expect);
  }
  const shot = (p: Page, name: string) => screenshot(p, name, false);
  const noticesFor = (status: string) => notices.filter((n) => n.body.ticketId === ticketId && n.body.status === status);
  async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const v = verifySignature({
          secret: NOTIFY_SECRET,
          method: req.method ?? '',
          path: new URL(req.url ?? '/', 'http://x').pathname,
          eventId: req.headers[EVENT_HEADER.toLowerCase()] as string | undefined,
          body: raw,
          timestamp: req.headers[TIMESTAMP_HEADER.toLowerCase()] as string | undefined,
          signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
          nowMs: Date.now(),
          windowMs: 300_000,
        });
        notices.push({ verified: v.ok, body: JSON.parse(raw.toString('utf8')) as Notice['body'] });
        res.statusCode = v.ok ? 200 : 401;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms/notify`;

    dataDir = mkdtempSync(join(tmpdir(), 'qihu-browser-tickets-'));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_SESSION: '1000',
      RATE_LIMIT_PER_IP: '10000',
      NOTIFY_URL: notifyUrl,
      NOTIFY_SECRET,
    });
    const kb = loadKnowledgeBase(resolve(config.KB_DIR));
    kb.entries.push(POPULAR_FAQ);
    qihu = await startQihu(config, silentLogger, { knowledgeBase: kb });
    browser = await launchChromium({ extraArgs: ['--disable-quic'] });
    context = await newRecordingContext(browser, { viewport: { width: 1280, height: 900 } }, '');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: qihu.url });
    page = await context.newPage();
    collectProblems(page, problems, /WebSocket|ERR_CONNECTION|Failed to load resource/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers popular questions on the welcome screen; a tap asks one, its link is safe and clickable', async () => {
    await page.goto(qihu.url + '/');
    await botMatching(page, 0, /企呼我应智能助手/);
    const popular = page.locator('#popular .popular-q');
    await popular.first().waitFor();
    await expect(page.locator('#popular h2').textContent()).resolves.toBe('大家都在问');
    expect(await popular.allTextContents()).toContain('政务服务中心周末上班吗');
    await shot(page, 'chat-tickets-welcome.png');

    const i = await click(page, popular.filter({ hasText: '政务服务中心周末上班吗' }), /周六上午/);
    expect(await page.locator('#popular').isHidden()).toBe(true);
    const answer = bots(page).nth(i);
    const link = answer.locator('a.inline-link');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://zwfw.example.gov.cn/hours');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    await expect(answer.textContent()).resolves.toContain('javascript:alert(1)'); // text, never a link
    // 👍/👎 are inline SVG with labels, not emoji.
    const votes = answer.locator('.feedback button.vote');
    expect(await votes.count()).toBe(2);
    expect(await answer.locator('.feedback button.vote svg').count()).toBe(2);
    expect(await page.locator('body').textContent()).not.toMatch(/👍|👎|↗/u);
  });

  it('an overview card states each fact once; a checklist is copied and printed alone', async () => {
    const o = await say(page, '药品零售企业许可', /药品零售企业许可/);
    const overview = bots(page).nth(o).locator('.card');
    const body = (await overview.locator('.field .body').first().textContent()) ?? '';
    for (const value of await overview.locator('.facts dd').allTextContents()) expect(body).not.toContain(value);

    const i = await say(page, '开药店要准备什么材料', /药品零售企业许可/);
    const card = bots(page).nth(i).locator('.card');
    await card.locator('.materials input[type="checkbox"]').nth(0).check();
    await card.locator('button.copy-list').click();
    await card.locator('.checklist-tools .copy-status', { hasText: '清单已复制' }).waitFor();
    const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(copied.split('\n')[0]).toContain('药品零售企业许可');
    expect(copied).toMatch(/☑ 1\. .+/);
    expect(copied).toMatch(/☐ 2\. .+/);
    expect(copied).toContain('执业药师注册证');

    // Printing shows that card only (the button sets these classes around window.print()).
    await card.evaluate((a) => {
      (a as unknown as { classList: { add(c: string): void } }).classList.add('printing');
      (globalThis as unknown as { document: { body: { classList: { add(c: string): void } } } }).document.body.classList.add('printing-card');
    });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.composer').isHidden()).toBe(true);
    expect(await page.locator('header.top').isHidden()).toBe(true);
    expect(await card.isVisible()).toBe(true);
    expect(await bots(page).nth(o).isHidden()).toBe(true);
    await shot(page, 'chat-tickets-print.png');
    await page.emulateMedia({ media: 'screen' });
    await card.evaluate((a) => {
      (a as unknown as { classList: { remove(c: string): void } }).classList.remove('printing');
      (globalThis as unknown as { document: { body: { classList: { remove(c: string): void } } } }).document.body.classList.remove('printing-card');
    });
    expect(await card.locator('button.print-list svg').count()).toBe(1);
  });

  it('files a ticket, lists it under 我的工单, and pushes its status changes into the open chat', async () => {
    expect(await page.locator('#my-tickets-button').isHidden()).toBe(true);
    await click(page, page.locator('#handoff'), /请简要描述您的诉求/);
    await say(page, '我们的稳岗补贴为什么还没到账', /企业的名称/);
    await say(page, '示例五金制品有限公司', /统一社会信用代码/);
    const d = await say(page, '91350100M000100Y43', /区县/);
    await click(page, bots(page).nth(d).locator('.choice', { hasText: '东城区' }), /联系人/);
    await say(page, '李四', /联系电话/);
    const next = await say(page, '13800138000', /请核对/);
    const t = await click(page, bots(page).nth(next).locator('.choice', { hasText: '确认提交' }), /工单号/);
    ticketId = (await bots(page).nth(t).locator('.ticket-id code').textContent()) ?? '';
    expect(ticketId).toMatch(/^QH-\d{8}-\d{6}$/);
    // The token is kept for 我的工单, not in the conversation's history.
    const stored = await page.evaluate(() => {
      const ls = (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage;
      return { tickets: ls.getItem('qihu.chat.tickets') ?? '', history: ls.getItem('qihu.chat.history') ?? '' };
    });
    expect(JSON.parse(stored.tickets)).toEqual([expect.objectContaining({ id: ticketId, token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) })]);
    expect(stored.history).not.toContain('ticketToken');

    await page.locator('#my-tickets-button').waitFor();
    // The reference backend reports received, then assigned: each arrives over the websocket.
    await notes(page).filter({ hasText: `工单 ${ticketId} 有新进展：已分派` }).waitFor({ timeout: 10_000 });
    await page.locator('#my-tickets-button').click();
    const row = page.locator(`#my-tickets .ticket-row[data-ticket="${ticketId}"]`);
    await row.waitFor();
    await expect(row.locator('.status').textContent()).resolves.toBe('已分派');
    await expect(row.textContent()).resolves.toMatch(/答复期限\d{1,2}月\d{1,2}日 17:30/);
    await expect(row.locator('.sla').textContent()).resolves.toBe('正常');
    await expect(row.textContent()).resolves.toContain('承办部门市社会保险基金管理局');
    await shot(page, 'chat-tickets-list.png');
    await page.locator('#my-tickets .close').click();

    // Each change went to the gateway, signed, with whom to tell.
    await until(() => noticesFor('received').length > 0 && noticesFor('assigned').length > 0, 'the received and assigned notifications');
    expect(notices.every((n) => n.verified)).toBe(true);
    expect(noticesFor('assigned')[0]!.body).toMatchObject({ kind: 'ticket_status', recipient: { phone: '13800138000' } });
  });

  it('a change while the page is closed is shown on return, and the list shows the answer', async () => {
    await page.close();
    expect(qihu.routingBackend!.resolve(ticketId, { answer: '补贴已于本月拨付，请查收对公账户。' })).toBe(true);
    await until(() => noticesFor('resolved').length > 0, 'the resolved notification');
    page = await context.newPage();
    collectProblems(page, problems, /WebSocket|ERR_CONNECTION|Failed to load resource/);
    await page.goto(qihu.url + '/');
    await notes(page).filter({ hasText: '您的工单有 1 条新进展' }).waitFor();
    await expect(page.locator('#my-tickets-button .badge').textContent()).resolves.toBe('1');
    await shot(page, 'chat-tickets-return.png');
    await page.locator('#my-tickets-button').click();
    const row = page.locator(`#my-tickets .ticket-row[data-ticket="${ticketId}"]`);
    await row.locator('.fresh-mark').waitFor();
    await expect(row.locator('.status').textContent()).resolves.toBe('已办结');
    await expect(row.textContent()).resolves.toContain('补贴已于本月拨付');
    await expect(row.locator('.sla').textContent()).resolves.toBe('按时办结');
    expect(await page.locator('#my-tickets-button .badge').isHidden()).toBe(true);
    await page.locator('#my-tickets .close').click();
  });

  it('a stranger who types the number learns nothing about it; a wrong token lists nothing', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await other.newPage();
    await p.goto(qihu.url + '/');
    await botMatching(p, 0, /企呼我应智能助手/);
    const i = await say(p, `${ticketId} 到哪一步了`, /工单的进度只告诉提交它的人/);
    const text = (await bots(p).nth(i).textContent()) ?? '';
    expect(text).not.toMatch(/已办结|已分派|补贴已于/);
    const res = await p.request.post(qihu.url + '/api/v1/my-tickets', { data: { tickets: [{ id: ticketId, token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }] } });
    expect(await res.json()).toEqual({ tickets: [], refused: [ticketId] });
    await other.close();
  });

  it('words the page in traditional script for a traditional-script user', async () => {
    const i = await say(page, '開藥店要準備什麼材料', /藥品零售/);
    const card = bots(page).nth(i).locator('.card');
    await expect(card.locator('.materials-count').first().textContent()).resolves.toMatch(/^已備 0\/\d+$/);
    await expect(card.locator('.facts').locator('xpath=..').locator('h3').textContent()).resolves.toBe('辦事信息');
    await expect(card.locator('button.copy-list').textContent()).resolves.toBe('複製清單');
    await expect(card.locator('.feedback > span').first().textContent()).resolves.toBe('有幫助嗎？');
    await expect(page.locator('#handoff').textContent()).resolves.toBe('轉人工');
    await expect(page.locator('#my-tickets-button .label').textContent()).resolves.toBe('我的工單');
    // The connection's state too.
    await expect(page.locator('#conn').textContent()).resolves.toBe('在線');
    await shot(page, 'chat-tickets-traditional.png');
  });

  it('fits a phone: popular questions, 我的工单 and a card at 390×844', async () => {
    const phone = await newRecordingContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, '');
    const p = await phone.newPage();
    await p.goto(qihu.url + '/');
    await p.locator('#popular .popular-q').first().waitFor();
    await shot(p, 'chat-tickets-phone-welcome.png');
    await click(p, p.locator('#popular .popular-q', { hasText: '政务服务中心周末上班吗' }), /周六上午/);
    const overflow = await p.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    // This browser's tickets are its own: a fresh phone has none to list.
    expect(await p.locator('#my-tickets-button').isHidden()).toBe(true);
    await shot(p, 'chat-tickets-phone.png');
    await phone.close();
    expect(problems).toEqual([]);
  });
});
