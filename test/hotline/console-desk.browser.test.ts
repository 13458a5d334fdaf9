/**
 * The operator console's desk in a real browser (Debian's chromium through playwright-core) against
 * a real qihu (startQihu): 匹配度 in words, a read-out with no chat phrasing, the caller's history
 * by phone (masked), the 预计分派 preview and the rule and words that decided it following every
 * edit, the deadline in Beijing time from a browser in another time zone, the ticket list and its
 * search, 新来电 clearing everything, 退出登录, and the whole console on a phone-sized screen.
 * Screenshots go to test-artifacts/.
 *
 * Skipped, with a message, only when /usr/bin/chromium is missing and CI is unset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn } from '../support/browser';
import { makeUscc } from '../support/tickets';

const describeBrowser = describeWithChromium(__filename);

const PASSWORDS = {
  'zhang.san': 'operator-password-0123',
  'li.si': 'operator-password-4567',
} as const;
const CALLER_PHONE = '13812345678';

interface PageWindow {
  document: {
    querySelector(s: string): {
      textContent: string | null;
      getAttribute(n: string): string | null;
      hidden?: boolean;
    } | null;
    querySelectorAll(s: string): ArrayLike<{ textContent: string | null; getAttribute(n: string): string | null }>;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
}

/** "12月16日 17:30（3个工作日）" for an SLA, read off the ISO time's Beijing wall clock. */
function expectedDeadline(sla: { dueAt: string; workingDays: number }): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}):\d{2}\+08:00$/.exec(sla.dueAt);
  if (!m) throw new Error(`not a Beijing time: ${sla.dueAt}`);
  const year = Number(m[1]) === new Date().getFullYear() ? '' : `${m[1]}年`;
  return `${year}${Number(m[2])}月${Number(m[3])}日 ${m[4]}（${sla.workingDays}个工作日）`;
}

describeBrowser("the operator console: calls, tickets and the caller's history", () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const seeded: Record<'road' | 'wage' | 'drugstore', string> = {
    road: '',
    wage: '',
    drugstore: '',
  };

  const text = (selector: string) =>
    page
      .locator(selector)
      .first()
      .textContent()
      .then((t) => t ?? '');
  /** Waits until the element's text satisfies the pattern (true) or stops matching it (false). */
  const waitForText = (selector: string, pattern: RegExp, present = true) =>
    page.waitForFunction(
      ([s, source, flags, want]) => {
        const node = (globalThis as unknown as PageWindow).document.querySelector(s as string);
        return new RegExp(source as string, flags as string).test(node?.textContent ?? '') === want;
      },
      [selector, pattern.source, pattern.flags, present] as const,
    );
  const ticketIds = (selector: string) => page.locator(`${selector} > li`).evaluateAll((items) => items.map((i) => i.getAttribute('data-ticket-id')));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-operator-desk-'));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AUTH_USERS: Object.entries(PASSWORDS)
        .map(([name, password]) => `${name}:operator:${hashSecret(password)}`)
        .join(','),
    });
    qihu = await startQihu(config, silentLogger);
    // Earlier tickets: two from the same caller (one filed by another operator, one from the web), one from someone else.
    const file = async (n: number, channel: string, name: string, phone: string, summary: string, filedBy?: string) => {
      const r = await qihu.tickets.fileTicket(
        {
          channel,
          enterprise: { name, creditCode: makeUscc(n), district: '东城区' },
          contact: { name: '王五', phone },
          demand: { summary },
        },
        filedBy ? { filedBy } : {},
      );
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return r.ticket.id;
    };
    seeded.road = await file(1, 'hotline', '示例五金制品有限公司', CALLER_PHONE, '厂门口道路破损，货车进不来', 'li.si');
    seeded.wage = await file(2, 'web', '示例建工集团有限公司', '138 1234 5678', '拖欠工资三个月');
    seeded.drugstore = await file(3, 'web', '示例大药房有限公司', '13900001111', '药店许可证换证咨询');

    browser = await launchChromium({ extraArgs: ['--disable-quic'] });
    // A browser on New York time: the deadlines must still read in Beijing time.
    context = await newRecordingContext(browser, {
      timezoneId: 'America/New_York',
    });
    page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(qihu.url + '/operator');
    await signIn(page, 'zhang.san', PASSWORDS['zhang.san'], (p) => p.waitForURL((u) => u.pathname === '/operator'));
    await waitForText('#who', /zhang\.san/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows how well each suggestion fits as 高/中/低, never a raw score', async () => {
    await page.locator('#caller-text').fill('开药店要带什么材料');
    await page.waitForSelector('#suggestions > li.card[data-entry-id="item-drug-retail"]');
    const first = page.locator('#suggestions > li.card').first();
    await expect(first.locator('.match').textContent()).resolves.toBe('匹配度 高');
    const words = await page.locator('#suggestions .match').allTextContents();
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) expect(w).toMatch(/^(语义相近 · )?匹配度 [高中低]$/);
    // Only the entry the engine would answer with is 高.
    expect(words.slice(1)).not.toContain('匹配度 高');
    const heads = (await page.locator('#suggestions .head').allTextContents()).join('\n');
    expect(heads).not.toMatch(/\d\.\d/);
    await screenshot(page, 'operator-match-words.png');
  });

  it('gives a read-out with no chat phrasing: no "还可以问我", no 转人工, no source line', async () => {
    const readOut = await text('#suggestions > li.card[data-entry-id="item-drug-retail"] .readout');
    expect(readOut).toContain('需要准备以下材料');
    expect(readOut.startsWith('「药品零售企业许可')).toBe(true);
    // The overview too, which in the chat offers to list the materials.
    await page.locator('#caller-text').fill('药品零售企业许可');
    await waitForText('#suggestions > li.card .readout', /申请材料：共\d+项/);
    const all = (await page.locator('#suggestions .readout').allTextContents()).join('\n');
    for (const chat of ['可以问我', '还可以问', '转人工', '来源：']) expect(all).not.toContain(chat);
  });

  it("shows the caller's earlier tickets when their number is typed, the phone masked", async () => {
    await page.locator('#caller-phone').pressSequentially('138 1234 5678', { delay: 20 });
    await page.waitForSelector('#caller-history-box:not([hidden])');
    await waitForText('#caller-history-title', /历史工单（2）/);
    expect(await ticketIds('#caller-history')).toEqual([seeded.wage, seeded.road]);
    expect(await page.locator('#caller-history .ticket-phone').allTextContents()).toEqual(['138****5678', '138****5678']);
    const box = await text('#caller-history-box');
    expect(box).not.toContain(CALLER_PHONE);
    expect(box).toContain('示例五金制品有限公司');
    expect(box).toMatch(/时限 \d+月\d+日 17:30（3个工作日）/);
    await screenshot(page, 'operator-caller-history.png');
  });

  it('recomputes 预计分派 after every edit of the ticket form', async () => {
    await page.locator('#caller-text').fill('我们厂门口的路修了半年还没修好，道路破损货车进不来');
    await page.press('#caller-text', 'Enter');
    await page.waitForSelector('#transcript li');
    await page.click('#open-ticket');
    await page.waitForSelector('#ticket-panel:not([hidden])');
    await waitForText('#triage', /预计分派：市交通运输局.*，办理时限 \d+月\d+日 17:30（\d个工作日）/);
    // Why: the rule that decided and the caller's words it matched.
    await waitForText('#triage-why', /^依据：规则 \S+：“[^”]*(道路|路)[^”]*”/);
    // The caller's number typed at the top is the contact's.
    expect(await page.inputValue('#t-phone')).toBe('138 1234 5678');

    await page.fill('#t-summary', '拖欠农民工工资三个月');
    await page.fill('#t-detail', '来电人：工地拖欠农民工工资三个月了');
    await waitForText('#triage', /预计分派：市人力资源和社会保障局/);
    expect(await text('#triage')).not.toMatch(/T\d\d:|\+08:00/);
    await waitForText('#triage-why', /^依据：规则 \S+：.*“[^”]*工资[^”]*”/);
    expect(await page.locator('#triage-why').getAttribute('class')).toBe('hint');
    await screenshot(page, 'operator-preview-after-edit.png');
    // And back, one keystroke at a time: the last edit wins.
    await page.fill('#t-summary', '');
    await page.fill('#t-detail', '');
    await page.locator('#t-summary').pressSequentially('厂门口道路破损', { delay: 15 });
    await waitForText('#triage', /预计分派：市交通运输局/);
  });

  it("shows the ticket's deadline in Beijing time, as 月日 时:分 and its working days", async () => {
    await page.fill('#t-name', '示例五金制品有限公司');
    await page.fill('#t-code', makeUscc(4));
    await page.fill('#t-district', '东城区');
    await page.fill('#t-contact', '李四');
    await page.click('#send-ticket');
    await page.waitForSelector('#ticket-result[data-ticket-id]');
    const id = (await page.getAttribute('#ticket-result', 'data-ticket-id'))!;
    const view = await qihu.tickets.status(id);
    const result = await text('#ticket-result');
    expect(result).toContain(`办理时限：${expectedDeadline(view!.ticket.sla)}`);
    expect(result).not.toMatch(/T\d\d:\d\d|\+08:00|Z$/);
    await screenshot(page, 'operator-deadline.png');
  });

  it("lists the operator's tickets and finds any ticket by number, name or phone", async () => {
    const filed = (await page.getAttribute('#ticket-result', 'data-ticket-id'))!;
    // 我的工单 (the default): the ticket just filed, not another operator's.
    await page.waitForFunction(
      (id) => (globalThis as unknown as PageWindow).document.querySelector(`#ticket-list > li[data-ticket-id="${id}"]`) !== null,
      filed,
    );
    expect(await ticketIds('#ticket-list')).toEqual([filed]);
    // 全部工单: everyone's, newest first.
    await page.click('#scope-all');
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).document.querySelectorAll('#ticket-list > li').length === 4);
    expect(await ticketIds('#ticket-list')).toEqual([filed, seeded.drugstore, seeded.wage, seeded.road]);
    expect(await page.getAttribute('#scope-all', 'aria-pressed')).toBe('true');

    const search = async (q: string, expected: string[]) => {
      await page.fill('#ticket-q', q);
      await page.waitForFunction((ids) => {
        const items = Array.from((globalThis as unknown as PageWindow).document.querySelectorAll('#ticket-list > li'));
        return items.map((i) => i.getAttribute('data-ticket-id')).join(',') === ids.join(',');
      }, expected);
    };
    await search('大药房', [seeded.drugstore]);
    await search(seeded.wage.toLowerCase(), [seeded.wage]);
    await search(seeded.road.slice(-6), [seeded.road]);
    await search('138-1234-5678', [filed, seeded.wage, seeded.road]);
    const phones = await page.locator('#ticket-list .ticket-phone').allTextContents();
    expect(phones).toEqual(['138****5678', '138****5678', '138****5678']);
    expect(await text('#tickets-panel')).not.toContain(CALLER_PHONE);
    await screenshot(page, 'operator-ticket-search.png');
    await search('没有这家公司', []);
    await waitForText('#ticket-list-note', /没有找到符合条件的工单/);
    await page.fill('#ticket-q', '');
    await page.click('#scope-mine');
  });

  it('新来电 clears everything of the previous caller', async () => {
    // Typed just before 新来电: nothing the lookups answer afterwards may come back.
    await page.locator('#caller-text').fill('开药店要带什么材料');
    await page.locator('#caller-phone').fill('13900001111');
    await page.click('#new-call');
    await page.waitForTimeout(700); // past every debounce (suggestions 150 ms, history 400 ms, preview 300 ms)

    for (const id of ['caller-phone', 'caller-text', 't-summary', 't-detail', 't-name', 't-code', 't-district', 't-contact', 't-phone'])
      expect([id, await page.inputValue(`#${id}`)]).toEqual([id, '']);
    for (const id of ['transcript', 'suggestions', 'caller-history']) expect([id, await page.locator(`#${id} > li`).count()]).toEqual([id, 0]);
    for (const id of ['decision', 'triage', 'triage-why', 'ticket-result', 'ticket-error', 'status']) expect([id, await text(`#${id}`)]).toEqual([id, '']);
    expect(await page.locator('.err[data-for]').allTextContents()).toEqual(Array(7).fill(''));
    expect(await page.isHidden('#ticket-panel')).toBe(true);
    expect(await page.isHidden('#caller-history-box')).toBe(true);
    expect(await page.getAttribute('#ticket-result', 'data-ticket-id')).toBeNull();
    expect(await page.isEnabled('#send-ticket')).toBe(true);

    // The next caller's ticket starts from their own words only.
    await page.locator('#caller-text').fill('拖欠农民工工资三个月');
    await page.press('#caller-text', 'Enter');
    await page.waitForSelector('#transcript li');
    await page.click('#open-ticket');
    await page.waitForSelector('#ticket-panel:not([hidden])');
    await waitForText('#triage', /市人力资源和社会保障局/);
    expect(await page.inputValue('#t-summary')).toBe('拖欠农民工工资三个月');
    expect(await page.inputValue('#t-detail')).not.toContain('道路');
    for (const id of ['t-name', 't-code', 't-district', 't-contact', 't-phone']) expect([id, await page.inputValue(`#${id}`)]).toEqual([id, '']);
    expect(await page.locator('#transcript > li').count()).toBe(1);
    await screenshot(page, 'operator-new-call.png');
  });

  it('退出登录 ends the session and goes to the login page', async () => {
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.click('#logout')]);
    await page.goto(qihu.url + '/operator');
    expect(new URL(page.url()).pathname).toBe('/login');
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
  });

  it('works on a phone-sized screen (390×844)', async () => {
    const phone = await newRecordingContext(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const small = await phone.newPage();
    small.setDefaultTimeout(10_000);
    const smallProblems: string[] = [];
    collectProblems(small, smallProblems);
    try {
      await small.goto(qihu.url + '/operator');
      await signIn(small, 'li.si', PASSWORDS['li.si'], (p) => p.waitForURL((u) => u.pathname === '/operator'));
      await small.locator('#caller-phone').fill(CALLER_PHONE);
      await small.waitForSelector('#caller-history > li');
      await small.locator('#caller-text').fill('开药店要带什么材料');
      await small.waitForSelector('#suggestions > li.card .match');
      await small.locator('#caller-text').press('Enter');
      await small.waitForSelector('#transcript li');
      await small.click('#open-ticket');
      await small.waitForSelector('#ticket-panel:not([hidden])');
      await small.waitForFunction(() => /预计分派/.test((globalThis as unknown as PageWindow).document.querySelector('#triage')?.textContent ?? ''));
      await small.waitForSelector('#ticket-list > li');
      // Nothing wider than the screen: no sideways scrolling.
      const widths = await small.evaluate(() => {
        const d = (globalThis as unknown as PageWindow).document.documentElement;
        return { scroll: d.scrollWidth, client: d.clientWidth };
      });
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      for (const id of ['#new-call', '#logout', '#open-ticket', '#send-ticket', '#scope-all']) {
        const box = await small.locator(id).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      }
      await screenshot(small, 'operator-phone.png');
      await small.click('#new-call');
      await small.waitForFunction(() => (globalThis as unknown as PageWindow).document.querySelectorAll('#suggestions > li').length === 0);
      expect(await small.inputValue('#caller-phone')).toBe('');
      await screenshot(small, 'operator-phone-new-call.png', false);
      expect(await injectionProbes(small)).toEqual({ xss: undefined, csp: [] });
      expect(smallProblems).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('raised no page errors and no CSP violations', async () => {
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    expect(problems.filter((p) => !/401/.test(p))).toEqual([]);
  });
});
