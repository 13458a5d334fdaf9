/**
 * A policy's eligibility edited as a form in the editor console, in a real browser against a real
 * qihu (file store under a temporary DATA_DIR; the knowledge base copied with a few registered
 * enterprises beside it, which the server's directory reads):
 *
 *   the 高企 award's rules shown as groups and items; a district ticked off and the impact on the
 *   registry previewed before and after; an invalid value refused at save with the zod issue next to
 *   its input; an item suggested from the conditions text accepted, saved, and kept.
 *
 * Screenshots go to test-artifacts/ (git-ignored).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { collectProblems, describeWithChromium, launchChromium, newRecordingContext, screenshot, signIn } from '../support/browser';

const describeBrowser = describeWithChromium(__filename);
const EDITOR = 'wang.editor';
const PASSWORD = 'editor-password-for-tests-2';
const POLICY = 'policy-high-tech-enterprise-award';

/** Five enterprises: three 高企 (东城区, 西城区, 临江县), one without the qualification, one with no district. */
const ENTERPRISES = [
  { id: 'e1', name: '甲科技有限公司', district: '东城区', qualifications: ['高新技术企业'] },
  { id: 'e2', name: '乙科技有限公司', district: '西城区', qualifications: ['高新技术企业'] },
  { id: 'e3', name: '丙制造有限公司', district: '临江县', qualifications: ['高新技术企业'] },
  { id: 'e4', name: '丁商贸有限公司', district: '东城区', qualifications: [] },
  { id: 'e5', name: '戊软件有限公司', qualifications: ['高新技术企业'] },
];

describeBrowser('editing a policy\'s eligibility as a form', () => {
  let qihu: Qihu;
  let dataDir: string;
  let kbDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const shot = (name: string) => screenshot(page, name);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-rules-ui-'));
    kbDir = mkdtempSync(join(tmpdir(), 'qihu-rules-kb-'));
    cpSync(join(__dirname, '../../knowledge-base'), kbDir, { recursive: true });
    // The registry is seeded from the knowledge base's enterprises.json when empty.
    writeFileSync(join(kbDir, 'enterprises.json'), JSON.stringify({ enterprises: ENTERPRISES }));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, KB_DIR: kbDir, LOG_LEVEL: 'silent', AUTH_USERS: `${EDITOR}:editor:${hashSecret(PASSWORD)}` });
    qihu = await startQihu(config, silentLogger);
    browser = await launchChromium();
    context = await newRecordingContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    collectProblems(page, problems, /Failed to load resource|status of 400/);
    await page.goto(qihu.url + '/editor');
    await signIn(page, EDITOR, PASSWORD, (p) => p.waitForURL(qihu.url + '/editor'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    for (const dir of [dataDir, kbDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => expect(problems).toEqual([]));

  const rulesOf = () =>
    page.evaluate(async (id) => {
      const got = (await (await fetch('/api/v1/admin/kb/entries/' + id)).json()) as { entry: { rules?: { all: { id: string; value?: unknown }[] } } };
      return got.entry.rules;
    }, POLICY);

  it('shows the rules as a form and previews the impact of a change on the registry', async () => {
    await page.goto(qihu.url + '/editor#/entry/' + POLICY);
    await page.locator('#rules-tree .rules-item').first().waitFor();
    // all [district in …, qualification 高企, manual check]
    expect(await page.locator('#rules-tree .rules-group .group-kind').first().inputValue()).toBe('all');
    expect(await page.locator('#rules-tree .rules-item').count()).toBe(3);
    expect(await page.locator('[data-path="rules.all.0"] .item-fact').inputValue()).toBe('district');
    expect(await page.locator('[data-path="rules.all.1"] .item-op').inputValue()).toBe('includes');
    expect(await page.locator('[data-path="rules.all.2"]').getAttribute('class')).toContain('manual');

    // Unchanged: three 高企 with a district in the city are 需核实 (the manual check), e4 is not, e5 unknown.
    await page.click('#rules-preview');
    await page.locator('#impact-summary', { hasText: '企业库共 5 家' }).waitFor();
    await expect(page.locator('#impact-summary').textContent()).resolves.toContain('0 家变为符合，0 家变为不符合，0 家变为需核实');

    // 临江县 no longer counts: e3 becomes ineligible.
    await page.locator('[data-path="rules.all.0"] .ticks label', { hasText: '临江县' }).locator('input').uncheck();
    await page.click('#rules-preview');
    await page.locator('#impact-summary', { hasText: '1 家变为不符合' }).waitFor();
    const rows = await page.locator('.impact-table tbody tr').allTextContents();
    // 符合 / 不符合 / 需核实: e4 was out already; e3 leaves 需核实 for 不符合.
    expect(rows).toEqual(['修改前014', '修改后023']);
    await shot('editor-rules-impact.png');
  });

  it('refuses an invalid value at save, with the zod issue next to its input', async () => {
    await page.locator('[data-path="rules.all.1"] .item-fact').selectOption('employees');
    await page.locator('[data-path="rules.all.1"] .item-value').fill('');
    await page.click('#save');
    const error = page.locator('[data-error-for="rules.all.1.value"]');
    await error.filter({ hasText: /.+/ }).waitFor();
    await page.locator('#flash', { hasText: '处需要修改' }).waitFor();
    expect(await page.locator('[data-path="rules.all.1"] .item-value').getAttribute('aria-invalid')).toBe('true');
    await shot('editor-rules-error.png');
    // Nothing was saved: the stored rules still test the qualification.
    expect((await rulesOf())!.all[1]).toMatchObject({ id: 'hte' });
    expect(JSON.stringify(await rulesOf())).toContain('高新技术企业');
  });

  it('suggests items from the conditions text; an accepted one is saved with the rules', async () => {
    // A fresh form (the one before holds the refused change).
    await page.goto(qihu.url + '/editor#/entries');
    await page.locator('#entries tbody tr').first().waitFor();
    await page.goto(qihu.url + '/editor#/entry/' + POLICY);
    await page.locator('#rules-tree .rules-item').first().waitFor();
    await page.fill('#f-eligibility', '1. 在示例区注册登记；2. 成立满3年；3. 上年度营业收入不低于2000万元。');
    await page.click('#rules-extract');
    await page.locator('#suggestions li').first().waitFor();
    const texts = await page.locator('#suggestions li').allTextContents();
    expect(texts.some((t) => t.includes('营业收入') && t.includes('2000'))).toBe(true);
    await shot('editor-rules-suggestions.png');
    const revenue = page.locator('#suggestions li', { hasText: '营业收入' });
    await revenue.locator('button.accept').click();
    await page.locator('#suggestions li').first().locator('button.reject').click();
    expect(await page.locator('#rules-tree .rules-item').count()).toBe(4);
    await page.click('#save');
    await page.locator('#flash', { hasText: '已保存为版本' }).waitFor();
    const saved = (await rulesOf())!.all;
    expect(saved).toHaveLength(4);
    expect(saved[3]).toMatchObject({ fact: 'revenue', op: '>=', value: 2000 });
  });
});
