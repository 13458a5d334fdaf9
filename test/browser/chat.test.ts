/**
 * The chat page in a real browser (Debian's chromium through playwright-core) against a real qihu
 * started in-process (startQihu, as npm start runs it): answer cards, a follow-up in context, a clarify button, the hand-off dialog
 * to a ticket id, user text and knowledge-base text that look like HTML, a dropped websocket, a
 * reload, the HTTP fallback, and the phone layout. Screenshots go to test-artifacts/ (git-ignored).
 *
 * chromium.launch gives every run a fresh, temporary profile (user-data dir) of its own.
 *
 * Skipped, with a message, only when /usr/bin/chromium is missing and CI is unset; in CI it runs
 * (.ci/run installs chromium).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { loadKnowledgeBase, type Entry } from '../../src/kb';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, XSS_IMG, XSS_SCRIPT } from '../support/browser';

const describeBrowser = describeWithChromium(__filename);

const XSS_PROBE_ID = 'item-xss-probe';

/**
 * The little of the browser's window the page functions below use. The project type-checks without
 * the DOM library (it is a server), so functions run in the page reach it through globalThis.
 */
interface PageSocket {
  readyState: number;
  close(): void;
  addEventListener(type: 'close', listener: () => void): void;
}
interface PageWindow {
  __sockets: PageSocket[];
  document: {
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
  KeyboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
}
interface PageElement {
  dispatchEvent(event: unknown): boolean;
}

/** A knowledge-base entry whose every text is an attack: it must show as text, never run. */
function xssProbe(base: Entry): Entry {
  if (base.kind !== 'item') throw new Error('expected an item');
  return {
    ...base,
    id: XSS_PROBE_ID,
    name: `深海潜水器检验${XSS_IMG}`,
    aliases: ['深海潜水器检验', '潜水器检验'],
    department: `市海洋局${XSS_SCRIPT}`,
    materials: [
      { name: `潜水器检验申请表${XSS_SCRIPT}`, form: '原件', copies: 1, required: true },
      { name: `<a href="javascript:window.__xss=1">检验报告</a>`, form: '原件', copies: 1, required: true, note: XSS_IMG },
    ],
    location: `<iframe src="javascript:window.__xss=1"></iframe>海洋大厦`,
    online: { available: true, url: 'javascript:window.__xss=1' },
    tags: ['潜水器'],
  } as Entry;
}

describeBrowser('the chat page in a browser', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const watch = (p: Page) => {
    if (process.env.DEBUG_BROWSER) {
      p.on('console', (m) => console.log('console', m.type(), m.text()));
      p.on('websocket', (ws) => {
        console.log('ws', ws.url());
        ws.on('framesent', (f) => console.log('sent', f.payload));
        ws.on('framereceived', (f) => console.log('recv', String(f.payload).slice(0, 80)));
        ws.on('close', () => console.log('ws closed'));
      });
    }
    collectProblems(p, problems, /WebSocket|ERR_CONNECTION|Failed to load resource/);
  };

  async function newContext(viewport: { width: number; height: number }, isMobile = false): Promise<BrowserContext> {
    // Keep every websocket the page opens, so a test can drop one; and report CSP violations.
    // A string, not a function: what a TypeScript transpiler adds to a function would not exist in the page.
    return newRecordingContext(
      browser,
      { viewport, isMobile, hasTouch: isMobile },
      `window.__sockets = [];
        const Native = window.WebSocket;
        window.WebSocket = class extends Native {
          constructor(url, protocols) {
            super(url, protocols);
            window.__sockets.push(this);
          }
        };
        `,
    );
  }

  const bots = (p: Page) => p.locator('#log > li.msg.bot');

  /** Waits for a bot message after the first `after` ones whose text matches; returns its index. */
  async function botMatching(p: Page, after: number, re: RegExp, timeout = 15_000): Promise<number> {
    const handle = await p.waitForFunction(
      ({ after, source, flags }) => {
        const w = globalThis as unknown as PageWindow;
        const items = Array.from(w.document.querySelectorAll('#log > li.msg.bot')).slice(after);
        const re = new RegExp(source, flags);
        const i = items.findIndex((li) => re.test(li.textContent ?? ''));
        return i >= 0 ? { index: after + i } : false; // an object: index 0 is falsy
      },
      { after, source: re.source, flags: re.flags },
      { timeout },
    );
    return ((await handle.jsonValue()) as { index: number }).index;
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

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-browser-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_SESSION: '1000', RATE_LIMIT_PER_IP: '10000' });
    const kb = loadKnowledgeBase(resolve(config.KB_DIR));
    const drug = kb.entries.find((e) => e.id === 'item-drug-retail');
    if (!drug) throw new Error('the sample knowledge base has no item-drug-retail');
    kb.entries.push(xssProbe(drug));
    // The chat page is part of qihu (src/server.ts mounts createWebRouter()): nothing to add here.
    qihu = await startQihu(config, silentLogger, { knowledgeBase: kb });
    browser = await launchChromium({ extraArgs: ['--disable-quic'] });
    context = await newContext({ width: 1280, height: 900 });
    page = await context.newPage();
    watch(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the page with its strict CSP and greets', async () => {
    const res = await page.goto(qihu.url + '/');
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.title()).resolves.toBe('企呼我应 · 企业服务助手');
    await botMatching(page, 0, /企呼我应智能助手/);
    await page.waitForSelector('#conn[data-state="online"]');
    expect(await page.locator('#handoff').isVisible()).toBe(true);
  });

  it('answers a question with a card: the materials as a checklist, facts, source and 👍/👎', async () => {
    const i = await say(page, '开药店要准备什么材料', /药品零售企业许可/);
    const card = bots(page).nth(i).locator('.card');
    await expect(card.locator('h2').textContent()).resolves.toContain('药品零售企业许可');
    await expect(card.locator('.field h3').first().textContent()).resolves.toContain('所需材料');
    const boxes = card.locator('.materials input[type="checkbox"]');
    expect(await boxes.count()).toBe(13);
    await expect(card.locator('.materials').textContent()).resolves.toContain('执业药师注册证');
    await boxes.nth(0).check();
    await boxes.nth(3).check();
    await expect(card.locator('.materials-count').first().textContent()).resolves.toBe('已备 2/13');
    await expect(card.locator('.facts').textContent()).resolves.toMatch(/办理时限.*工作日/);
    await expect(card.locator('.source').textContent()).resolves.toContain('来源：市市场监督管理局');
    const link = card.locator('a.online');
    expect(await link.getAttribute('href')).toBe('https://zwfw.example.gov.cn/item/item-drug-retail');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await shot(page, 'chat-desktop-answer.png');

    await click(page, card.locator('.feedback button[aria-label="有帮助"]'), /感谢您的反馈/);
    await expect(card.locator('.feedback .thanks').textContent()).resolves.toContain('已收到');
    expect(await card.locator('.feedback button[aria-label="有帮助"]').getAttribute('aria-pressed')).toBe('true');
    expect(await card.locator('.feedback button[aria-label="没帮助"]').isDisabled()).toBe(true);
  });

  it('follows up in context: "那要多久？" gets the same item\'s time limit', async () => {
    const i = await say(page, '那要多久？', /药品零售企业许可/);
    const card = bots(page).nth(i).locator('.card');
    await expect(card.locator('.field h3').first().textContent()).resolves.toContain('办理时限');
    await expect(card.locator('.field .body').textContent()).resolves.toMatch(/10个工作日/);
  });

  it('does not send while an input method is composing', async () => {
    const users = await page.locator('#log > li.msg.user').count();
    await page.fill('#input', 'kai');
    await page.locator('#input').evaluate((el) => {
      const w = globalThis as unknown as PageWindow;
      const event = new w.KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true });
      (el as unknown as PageElement).dispatchEvent(event);
    });
    expect(await page.locator('#log > li.msg.user').count()).toBe(users);
    expect(await page.inputValue('#input')).toBe('kai');
    await page.fill('#input', '');
  });

  it('asks which item for an ambiguous question, and a clarify button answers it', async () => {
    const i = await say(page, '营业执照', /哪一项/);
    const choices = bots(page).nth(i).locator('.choices .choice');
    expect(await choices.count()).toBeGreaterThanOrEqual(2);
    const label = ((await choices.first().textContent()) ?? '').replace(/^\d+\.\s*/, '');
    const j = await click(page, choices.first(), new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await expect(bots(page).nth(j).locator('.card h2').textContent()).resolves.toContain(label);
    // The question is settled: its buttons are done with.
    expect(await choices.first().isDisabled()).toBe(true);
  });

  it('files a ticket through the hand-off dialog and shows the ticket id', async () => {
    // The demand first; being the enterprise's own case, it needs the credit code.
    await click(page, page.locator('#handoff'), /请简要描述您的诉求/);
    await say(page, '我们的稳岗补贴为什么还没到账', /企业的名称/);
    await say(page, '示例五金制品有限公司', /统一社会信用代码/);
    const d = await say(page, '91350100M000100Y43', /区县/);
    await click(page, bots(page).nth(d).locator('.choice', { hasText: '东城区' }), /联系人/);
    await say(page, '李四', /联系电话/);
    const next = await say(page, '13800138000', /请核对/);
    const confirm = bots(page).nth(next);
    await expect(confirm.textContent()).resolves.toContain('91350100M000100Y43');
    const t = await click(page, confirm.locator('.choice', { hasText: '确认提交' }), /工单号/);
    const ticket = bots(page).nth(t);
    expect(await ticket.getAttribute('data-type')).toBe('ticket');
    const id = await ticket.locator('.ticket-id code').textContent();
    expect(id).toMatch(/^QH-\d{8}-\d{6}$/);
    await ticket.locator('button.copy').click();
    await ticket.locator('.copy-status', { hasText: /已复制|手动复制/ }).waitFor();
    await shot(page, 'chat-desktop-ticket.png');
  });

  it('shows user text that looks like HTML as text, and never runs it', async () => {
    const payload = `${XSS_IMG}${XSS_SCRIPT}`;
    const before = await bots(page).count();
    await page.fill('#input', payload);
    await page.press('#input', 'Enter');
    await botMatching(page, before, /./);
    await expect(page.locator('#log > li.msg.user').last().locator('.bubble').textContent()).resolves.toBe(payload);
    expect(await page.locator('#log img, #log script, #log iframe').count()).toBe(0);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    // Whatever the reply was (a hand-off form, most likely), leave it.
    const cancel = page.locator('#log > li.msg.bot').last().locator('.choice', { hasText: '取消' });
    if (await cancel.count()) await click(page, cancel, /取消/);
  });

  it('shows knowledge-base text that looks like HTML as text, and links only http(s)', async () => {
    const i = await say(page, '深海潜水器检验要什么材料', /深海潜水器检验/);
    const card = bots(page).nth(i).locator('.card');
    await expect(card.locator('h2').textContent()).resolves.toBe(`深海潜水器检验${XSS_IMG}`);
    await expect(card.locator('.materials').textContent()).resolves.toContain(XSS_SCRIPT);
    await expect(card.locator('.facts').textContent()).resolves.toContain('<iframe');
    expect(await card.locator('a').count()).toBe(0); // javascript: is no link
    expect(await page.locator('#log img, #log script, #log iframe').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
  });

  it('reconnects after the websocket drops; queued messages go out and the context holds', async () => {
    await say(page, '开药店要准备什么材料', /药品零售企业许可/);
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const sockets = (globalThis as unknown as PageWindow).__sockets;
          const open = sockets.filter((s) => s.readyState === 1); // WebSocket.OPEN
          if (open.length === 0) throw new Error('no open websocket');
          let left = open.length;
          for (const s of open) {
            s.addEventListener('close', () => --left === 0 && done());
            s.close();
          }
        }),
    );
    await page.waitForSelector('#conn[data-state="reconnecting"]');
    expect(await page.locator('#offline').isVisible()).toBe(true);
    await shot(page, 'chat-desktop-reconnecting.png');

    // Typed while the socket is down: shown at once, sent after reconnecting, answered in context.
    const before = await bots(page).count();
    await page.fill('#input', '那要多久？');
    await page.press('#input', 'Enter');
    await page.waitForSelector('#conn[data-state="online"]', { timeout: 15_000 });
    const i = await botMatching(page, before, /药品零售企业许可/);
    await expect(bots(page).nth(i).locator('.field h3').first().textContent()).resolves.toContain('办理时限');
    expect(await page.locator('#log > li.msg.user.pending').count()).toBe(0);
    const sockets = await page.evaluate(() => (globalThis as unknown as PageWindow).__sockets.length);
    expect(sockets).toBeGreaterThanOrEqual(2);
  });

  it('keeps the conversation, and the ticked materials, across a reload', async () => {
    const messages = await page.locator('#log > li').count();
    await page.reload();
    await page.waitForSelector('#conn[data-state="online"]');
    await page.waitForTimeout(500); // a greeting would have arrived by now
    expect(await page.locator('#log > li').count()).toBe(messages);
    await expect(page.locator('.materials-count').first().textContent()).resolves.toBe('已备 2/13');
    await expect(page.locator('.t-ticket .ticket-id code').textContent()).resolves.toMatch(/^QH-/);
    await say(page, '那在哪里办？', /药品零售企业许可|办理地点/);
    expect(problems).toEqual([]);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    await shot(page, 'chat-desktop.png');
  });

  it('falls back to POST /api/v1/chat while websockets are refused', async () => {
    const ctx = await newContext({ width: 1280, height: 900 });
    // Every websocket is accepted and dropped at once, as by a proxy that does not carry them.
    await ctx.routeWebSocket(/\/ws$/, (ws) => ws.close());
    const p = await ctx.newPage();
    watch(p);
    const chats: string[] = [];
    p.on('request', (r) => {
      if (r.url().endsWith('/api/v1/chat')) chats.push(r.postData() ?? '');
    });
    await p.goto(qihu.url + '/');
    const i = await say(p, '开药店要准备什么材料', /药品零售企业许可/);
    await expect(bots(p).nth(i).locator('.materials input').count()).resolves.toBe(13);
    expect(chats.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(chats[0]!)).toMatchObject({ text: '开药店要准备什么材料' });
    // A button goes as {sessionId, input}.
    await click(p, bots(p).nth(i).locator('.feedback button[aria-label="没帮助"]'), /感谢反馈/);
    expect(JSON.parse(chats[chats.length - 1]!)).toMatchObject({ input: { action: 'feedback', helpful: false } });
    await ctx.close();
  });

  it('fits a phone screen (390×844 and 360 wide)', async () => {
    const ctx = await newContext({ width: 390, height: 844 }, true);
    const p = await ctx.newPage();
    watch(p);
    await p.goto(qihu.url + '/');
    await botMatching(p, 0, /企呼我应智能助手/);
    await say(p, '开药店要准备什么材料', /药品零售企业许可/);
    await shot(p, 'chat-phone-answer.png');
    const c = await say(p, '营业执照', /哪一项/);
    await shot(p, 'chat-phone-clarify.png');
    await click(p, bots(p).nth(c).locator('.choice').first(), /./);
    await click(p, p.locator('#handoff'), /请简要描述您的诉求/);
    await shot(p, 'chat-phone.png');
    const overflow = () =>
      p.evaluate(() => {
        const { documentElement } = (globalThis as unknown as PageWindow).document;
        return documentElement.scrollWidth - documentElement.clientWidth;
      });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await p.setViewportSize({ width: 360, height: 740 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    // The composer stays on screen.
    const box = await p.locator('#send').boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(740);
    await shot(p, 'chat-phone-360.png');
    expect(problems).toEqual([]);
    await ctx.close();
  });
});
