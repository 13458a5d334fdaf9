/**
 * The editor console's 免申即享核实 view in a real browser against a real qihu (embedded default: the
 * synthetic registry seeded and scanned): the verification list with what is missing, credit codes
 * masked, a scan from the button that sends nothing new; the analytics page's policy counters; no
 * CSP violation or page error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn } from '../support/browser';
import { waitFor } from '../support/qihu';

const describeBrowser = describeWithChromium(__filename);
const EDITOR = 'lin.editor';
const PASSWORD = 'editor-password-for-tests-1';

describeBrowser('免申即享核实 in the editor console', () => {
  let qihu: Qihu;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qihu-verification-ui-'));
    qihu = await startQihu(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', AUTH_USERS: `${EDITOR}:editor:${hashSecret(PASSWORD)}` }), silentLogger);
    browser = await launchChromium();
    page = await (await newRecordingContext(browser)).newPage();
    collectProblems(page, problems);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists what to verify, masked, and scans again from the button', async () => {
    // The seeding scan runs in the background: wait for its list.
    await waitFor(async () => (await qihu.policies.notices.verification({ offset: 0, limit: 1 })).total > 0, 30_000, 'the seeding scan');
    await page.goto(qihu.url + '/editor#/verification');
    await signIn(page, EDITOR, PASSWORD, (p) => p.waitForURL(/\/editor/));
    await page.goto(qihu.url + '/editor#/verification');
    const rows = page.locator('#verification tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    const first = await rows.first().textContent();
    expect(first).toMatch(/需人工核实|缺少数据/);
    for (const code of await page.locator('#verification .mono').allTextContents()) expect(code).toMatch(/^\d{8}\*{8}[0-9A-Z]{2}$/);
    await page.getByRole('button', { name: '立即扫描' }).click();
    await page.locator('#flash').filter({ hasText: /新发送通知 0 条/ }).waitFor();
    await screenshot(page, 'editor-verification.png');
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
    expect(problems).toEqual([]);
  });

  it('the analytics page shows the policy counters after a match', async () => {
    const res = await fetch(qihu.url + '/api/v1/policies/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: { district: '示例区', qualifications: ['个体工商户'] } }),
    });
    expect(res.status).toBe(200);
    await waitFor(async () => (await qihu.policies.stats.read()).matchesAsked > 0, 10_000, 'the match counted');
    await page.goto(qihu.url + '/editor/analytics');
    await page.locator('#policy-kpis .kpi').first().waitFor();
    expect(await page.locator('#policy-kpis').textContent()).toMatch(/政策匹配次数/);
    await page.locator('#chart-missing svg').waitFor();
    expect(await page.locator('#chart-missing').textContent()).toContain('从业人员');
    await screenshot(page, 'analytics-policies.png');
    expect(problems).toEqual([]);
  });
});
