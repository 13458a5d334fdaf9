/**
 * The operator console in a real browser (Debian's chromium through playwright-core) against a real
 * qihu (startQihu): the redirect to /login, signing in as an operator, live suggestions while the
 * caller's words are typed (traditional script), copy and 用了这条, a knowledge-base answer that
 * looks like HTML rendered as text, and 建单 from the call with field errors, to a ticket id.
 * Screenshots go to test-artifacts/.
 *
 * Skipped, with a message, only when /usr/bin/chromium is missing and CI is unset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { loadKnowledgeBase, type Entry } from '../../src/kb';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { OPERATOR_PAGE_CSP } from '../../src/web/operator/router';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn, XSS_IMG, XSS_SCRIPT } from '../support/browser';

const describeBrowser = describeWithChromium(__filename);

const PASSWORD = 'operator-password-0123';

/** A knowledge-base entry whose texts are attacks: they must show as text, never run. */
function xssProbe(base: Entry): Entry {
  if (base.kind !== 'item') throw new Error('expected an item');
  return {
    ...base,
    id: 'item-xss-probe',
    name: `深海潜水器检验${XSS_IMG}`,
    aliases: ['深海潜水器检验', '潜水器检验'],
    department: `市海洋局${XSS_SCRIPT}`,
    materials: [{ name: `潜水器检验申请表${XSS_SCRIPT}`, form: '原件', copies: 1, required: true, note: XSS_IMG }],
    tags: ['潜水器'],
  } as Entry;
}

describeBrowser('the operator console in a browser', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const shot = (p: Page, name: string) => screenshot(p, name);
  const cards = () => page.locator('#suggestions > li.card');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-operator-'));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AUTH_USERS: `zhang.san:operator:${hashSecret(PASSWORD)}`,
    });
    const kb = loadKnowledgeBase(resolve(config.KB_DIR));
    const drug = kb.entries.find((e) => e.id === 'item-drug-retail');
    if (!drug) throw new Error('the sample knowledge base has no item-drug-retail');
    kb.entries.push(xssProbe(drug));
    qihu = await startQihu(config, silentLogger, { knowledgeBase: kb });
    browser = await launchChromium({ extraArgs: ['--disable-quic'] });
    context = await newRecordingContext(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: qihu.url });
    page = await context.newPage();
    collectProblems(page, problems);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a signed-out browser to the login page, and back after signing in', async () => {
    await page.goto(qihu.url + '/operator');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/operator');
    const res = await signIn(page, 'zhang.san', PASSWORD, (p) => p.waitForResponse((r) => new URL(r.url()).pathname === '/operator'));
    expect(res.headers()['content-security-policy']).toBe(OPERATOR_PAGE_CSP);
    await page.waitForURL((u) => u.pathname === '/operator');
    await page.waitForLoadState('load');
    await expect(page.title()).resolves.toBe('企呼我应 · 12345 话务员工作台');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('who').textContent === 'zhang.san');
  });

  it('updates suggestions live as the caller\'s words are typed (traditional script)', async () => {
    await page.locator('#caller-text').pressSequentially('開藥店要帶什麼材料', { delay: 30 });
    await page.waitForFunction(() => {
      const first = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('#suggestions > li.card');
      return first !== null && first.textContent.includes('药品零售企业许可');
    });
    const first = cards().first();
    expect(await first.getAttribute('data-entry-id')).toBe('item-drug-retail');
    await expect(first.locator('.field-label').textContent()).resolves.toContain('所需材料');
    await expect(first.locator('.readout').textContent()).resolves.toContain('需要準備以下材料');
    await first.locator('button.copy').click();
    await first.locator('button.copy', { hasText: '已复制' }).waitFor(); // the clipboard write is asynchronous
    expect(await page.evaluate('navigator.clipboard.readText()')).toContain('需要準備以下材料');
    await shot(page, 'operator-suggestions.png');

    await first.locator('button.use').click();
    await page.waitForSelector('#suggestions > li.card.used');
    await expect(page.locator('#status').textContent()).resolves.toContain('已记录');
    const records = await qihu.records.list();
    expect(records).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'answer', channel: 'hotline', entryId: 'item-drug-retail' })]));
    // 用了这条 recorded the caller's words in the call's transcript first.
    await expect(page.locator('#transcript li').first().textContent()).resolves.toContain('開藥店要帶什麼材料');
  });

  it('shows a knowledge-base answer that looks like HTML as text', async () => {
    await page.fill('#caller-text', '潜水器检验要什么材料');
    await page.waitForSelector('#suggestions > li.card[data-entry-id="item-xss-probe"]');
    const card = page.locator('#suggestions > li.card[data-entry-id="item-xss-probe"]');
    await expect(card.locator('.title').textContent()).resolves.toContain(XSS_IMG);
    await expect(card.locator('.readout').textContent()).resolves.toContain(XSS_SCRIPT);
    expect(await page.locator('#suggestions img, #suggestions script').count()).toBe(0);
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    await shot(page, 'operator-xss-as-text.png');
  });

  it('files a ticket from the call: prefilled, field errors next to the fields, then the ticket id', async () => {
    await page.click('#new-call'); // the next caller
    expect(await page.locator('#transcript li').count()).toBe(0);
    await page.locator('#caller-text').fill('我们厂门口的路修了半年还没修好，道路破损货车进不来');
    await page.press('#caller-text', 'Enter');
    await page.waitForSelector('#transcript li');
    await page.waitForSelector('#decision.ticket-hint');
    await page.click('#open-ticket');
    await page.waitForSelector('#ticket-panel:not([hidden])');
    await expect(page.inputValue('#t-summary')).resolves.toContain('道路破损');
    await expect(page.inputValue('#t-detail')).resolves.toContain('来电人：我们厂门口的路');
    await expect(page.locator('#triage').textContent()).resolves.toContain('市交通运输局');

    await page.fill('#t-name', '示例五金制品有限公司');
    await page.fill('#t-code', '91350100M000100Y44');
    await page.fill('#t-district', '东城区');
    await page.fill('#t-phone', '12');
    await page.click('#send-ticket');
    await page.waitForSelector('#t-code[aria-invalid="true"]');
    await expect(page.locator('.err[data-for="enterprise.creditCode"]').textContent()).resolves.not.toBe('');
    await expect(page.locator('.err[data-for="contact.name"]').textContent()).resolves.not.toBe('');
    expect(await page.getAttribute('#t-phone', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#t-name', 'aria-invalid')).toBeNull();
    await shot(page, 'operator-ticket-errors.png');

    await page.fill('#t-code', '91350100M000100Y43');
    await page.fill('#t-contact', '李四');
    await page.fill('#t-phone', '13800138000');
    await page.click('#send-ticket');
    await page.waitForSelector('#ticket-result[data-ticket-id]');
    const id = await page.getAttribute('#ticket-result', 'data-ticket-id');
    expect(id).toMatch(/^QH-\d{8}-\d{6}$/);
    await expect(page.locator('#ticket-result').textContent()).resolves.toContain('市交通运输局');
    const view = await qihu.tickets.status(id!);
    expect(view?.ticket).toMatchObject({ channel: 'hotline', contact: { name: '李四' } });
    expect(view?.ticket.demand.turns.map((t) => t.text)).toEqual(['我们厂门口的路修了半年还没修好，道路破损货车进不来']);
    await shot(page, 'operator-ticket-filed.png');
  });

  it('raised no page errors and no CSP violations', async () => {
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    expect(problems).toEqual([]);
  });
});
