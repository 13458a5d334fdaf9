/**
 * A person's hand-off in the chat page, in a real browser (Debian's chromium through playwright-core)
 * against a real qihu started in-process, on a desktop and on a phone: a broken street light is
 * reported without any enterprise or credit code, the place is asked for and filed with the ticket,
 * the next report in the same browser is offered the contact details (the phone masked), small
 * talk gets a polite answer with example questions, and a question outside the knowledge base that
 * no department handles is offered to a person instead of starting the intake. Screenshots go to test-artifacts/ (git-ignored).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot } from '../support/browser';

const describeBrowser = describeWithChromium(__filename);

interface PageWindow {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

describeBrowser('a person reports a broken street light in the chat page', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-browser-intake-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_SESSION: '1000', RATE_LIMIT_PER_IP: '10000' });
    qihu = await startQihu(config, silentLogger);
    browser = await launchChromium({ extraArgs: ['--disable-quic'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const bots = (p: Page) => p.locator('#log > li.msg.bot');

  /** Waits for a bot message after the first `after` whose text matches; returns its index. */
  async function botMatching(p: Page, after: number, re: RegExp): Promise<number> {
    const bot = bots(p);
    for (let waited = 0; waited < 15_000; waited += 100) {
      const texts = await bot.allTextContents();
      const i = texts.slice(after).findIndex((t) => re.test(t));
      if (i >= 0) return after + i;
      await p.waitForTimeout(100);
    }
    throw new Error(`no bot message matching ${re} (last: ${(await bot.allTextContents()).slice(-1)[0]})`);
  }

  async function say(p: Page, text: string, expect: RegExp): Promise<number> {
    const before = await bots(p).count();
    await p.fill('#input', text);
    await p.press('#input', 'Enter');
    return botMatching(p, before, expect);
  }

  async function choose(p: Page, at: number, label: string, expect: RegExp): Promise<number> {
    const before = await bots(p).count();
    await bots(p).nth(at).locator('.choice', { hasText: label }).click();
    return botMatching(p, before, expect);
  }

  const overflow = (p: Page) =>
    p.evaluate(() => {
      const { documentElement } = (globalThis as unknown as PageWindow).document;
      return documentElement.scrollWidth - documentElement.clientWidth;
    });

  it.each([
    ['desktop', { width: 1280, height: 900 }, false],
    ['phone', { width: 390, height: 844 }, true],
  ] as const)('on a %s: no enterprise, no credit code; the place goes with the ticket; the next report reuses the contact', async (name, viewport, isMobile) => {
    const context = await newRecordingContext(browser, { viewport, isMobile, hasTouch: isMobile });
    const p = await context.newPage();
    collectProblems(p, problems, /WebSocket|ERR_CONNECTION|Failed to load resource/);
    await p.goto(qihu.url + '/');
    await botMatching(p, 0, /企呼我应智能助手/);
    await p.waitForSelector('#conn[data-state="online"]');

    const where = await say(p, '小区门口的路灯坏了好几天了，晚上黑漆漆的', /具体在什么位置/);
    await screenshot(p, `intake-${name}-where.png`, false);
    const who = await say(p, '东城区幸福路与人民路交叉口东侧', /企业的名称/);
    expect(where).toBeLessThan(who);
    expect(await bots(p).nth(who).locator('.choice').allTextContents()).toEqual(expect.arrayContaining(['以个人身份反映', '企业还没注册']));
    await screenshot(p, `intake-${name}-who.png`, false);
    // The place named the district: the person is asked for a name and a phone only.
    await choose(p, who, '以个人身份反映', /您怎么称呼/);
    await say(p, '张先生', /联系电话/);
    const summary = await say(p, '13800135678', /请核对以下信息/);
    const text = (await bots(p).nth(summary).textContent()) ?? '';
    expect(text).toContain('诉求人：个人');
    expect(text).toContain('问题地点：东城区幸福路与人民路交叉口东侧');
    expect(text).not.toContain('统一社会信用代码');
    expect(text).not.toContain('企业名称');
    await screenshot(p, `intake-${name}-summary.png`, false);
    const filed = await choose(p, summary, '确认提交', /工单号/);
    const id = (await bots(p).nth(filed).locator('.ticket-id code').textContent()) ?? '';
    expect(id).toMatch(/^QH-\d{8}-\d{6}$/);
    const ticket = (await qihu.tickets.status(id))!.ticket;
    expect(ticket.applicant).toEqual({ kind: 'individual', district: '东城区' });
    expect(ticket.demand.location).toBe('东城区幸福路与人民路交叉口东侧');
    expect(ticket.enterprise).toBeUndefined();

    // The next report in this browser: the contact details are offered, the phone masked.
    await say(p, '我要投诉', /请简要描述您的诉求/);
    await say(p, '楼下烧烤店油烟太大', /具体在什么位置/);
    const offer = await say(p, '人民路12号', /沿用上次的联系方式/);
    const offered = (await bots(p).nth(offer).textContent()) ?? '';
    expect(offered).toContain('张先生 138****5678');
    expect(offered).not.toContain('13800135678');
    await screenshot(p, `intake-${name}-reuse.png`, false);
    // A new place, no district named: the district is asked, the rest reused.
    const district = await choose(p, offer, '沿用', /区县/);
    const second = await choose(p, district, '西城区', /请核对以下信息/);
    const secondText = (await bots(p).nth(second).textContent()) ?? '';
    expect(secondText).toContain('联系电话：138****5678');
    expect(secondText).toContain('诉求：楼下烧烤店油烟太大');
    expect(secondText).not.toContain('路灯');
    await choose(p, second, '确认提交', /工单号/);

    // Small talk: a polite answer and example questions, one of which answers.
    const small = await say(p, '今天天气怎么样', /帮不上忙/);
    expect(await bots(p).nth(small).locator('.choice').count()).toBe(4);
    await screenshot(p, `intake-${name}-smalltalk.png`, false);
    await choose(p, small, '开药店要什么材料', /药品零售企业许可/);

    // A question outside the knowledge base naming nothing a department handles: offered, not filed.
    const outside = await say(p, '帮我订一张去上海的机票', /不在我能回答的范围内/);
    expect(await bots(p).nth(outside).locator('.choice').allTextContents()).toEqual(['转人工', '开药店要什么材料', '小微企业稳岗返还有什么条件', '营业执照丢了怎么补办', '我要投诉']);
    await screenshot(p, `intake-${name}-outside.png`, false);
    await p.waitForTimeout(300);
    expect((await bots(p).allTextContents()).slice(outside)).toHaveLength(1);

    expect(await overflow(p)).toBeLessThanOrEqual(0);
    expect(await injectionProbes(p)).toEqual({ xss: undefined, csp: [] });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
