/**
 * A ticket's similar past cases on its page in the 督办 view, in a real browser (Debian's chromium
 * through playwright-core) against a whole qihu with the sample knowledge base's cases and one
 * whose texts are attacks: opening a ticket shows the 3 cases most like its demand under its
 * timeline, each with the department that answered, 高/中/低 and the reply's gist opening to the
 * whole reply, drawn as the operator console draws them; the attack shows as text; a phone in a
 * case's reply shows masked; opening another ticket replaces the cases. No CSP violations, no page
 * errors. Screenshot: test-artifacts/supervision-similar-cases.png.
 */
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadCases, loadKnowledgeBase, type PastCase } from '../../src/kb';
import { collectProblems, describeWithChromium, injectionProbes, launchChromium, newRecordingContext, screenshot, signIn, XSS_IMG, XSS_SCRIPT } from '../support/browser';
import { fileTicket, SEEDS, SUPERVISOR, seededId, startSupervisionQihu, type SupervisionQihu } from './support';

const describeBrowser = describeWithChromium(__filename);

const CASE_PHONE = '13712345678';

/** A past case whose texts are attacks (they must show as text) and whose reply names a phone (masked). */
const XSS_CASE: PastCase = {
  id: 'case-xss-probe',
  title: `深海潜水器码头夜间作业噪音${XSS_IMG}`,
  text: '潜水器码头每天夜里作业，噪音很大。',
  reply: `您好！经查${XSS_SCRIPT}，码头已调整作业时间，如有问题请致电${CASE_PHONE}。`,
  department: `示例市海洋局${XSS_SCRIPT}`,
  synthetic: true,
};


describeBrowser("a ticket's similar past cases in the 督办 view", () => {
  let qihu: SupervisionQihu;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let noiseId = '';
  const cases = () => page.locator('#ticket-cases li.case');

  beforeAll(async () => {
    const kbDir = resolve(__dirname, '../../knowledge-base');
    const sample = loadCases(kbDir);
    if (!sample) throw new Error('the sample knowledge base has no cases.json');
    qihu = await startSupervisionQihu({ knowledgeBase: loadKnowledgeBase(kbDir), cases: [...sample.cases, XSS_CASE] });
    const filed = await fileTicket(qihu.url, {
        channel: 'web',
        enterprise: { name: '示例码头物流有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
        contact: { name: '赵六', phone: '13800138000' },
        demand: { summary: '码头和工地夜间作业噪音扰民', detail: '每天夜里施工作业到凌晨，噪音很大，附近住户睡不着' },
      });
    noiseId = filed.id;
    browser = await launchChromium();
    context = await newRecordingContext(browser);
    page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(qihu.url + '/supervision');
    await page.waitForURL(/\/login\?next=%2Fsupervision$/);
    await signIn(page, SUPERVISOR.username, SUPERVISOR.password, (p) => p.waitForURL(qihu.url + '/supervision'));
    await page.waitForSelector('body[data-loaded="true"]');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await qihu?.stop();
  });


  async function open(id: string): Promise<void> {
    await page.locator(`#rows button.link:text-is("${id}")`).click();
    await page.locator('#timeline').waitFor({ state: 'visible' });
    await page.waitForSelector(`#timeline[data-ticket="${id}"] #ticket-cases[data-loaded="true"]`);
  }

  it('shows the 3 past cases most like the demand under the timeline: department, level, gist opening to the reply', async () => {
    await open(noiseId);
    await expect(cases().count()).resolves.toBe(3);
    expect(await page.locator('#cases-hint').isHidden()).toBe(true);
    const titles = await cases().locator('.title').allTextContents();
    expect(titles.some((t) => t.includes('东城区商业街工地夜间施工噪音扰民'))).toBe(true);
    const noise = cases().filter({ hasText: '东城区商业街工地夜间施工噪音扰民' });
    expect(await noise.locator('.meta').textContent()).toContain('答复部门：示例市城市管理和综合执法局');
    expect(await noise.locator('.level').textContent()).toMatch(/^相似度 [高中低]$/);
    const full = noise.locator('.full');
    expect(await full.isVisible()).toBe(false);
    await noise.locator('summary.gist').click();
    expect(await full.isVisible()).toBe(true);
    expect(await full.textContent()).toMatch(/^网友您好！/);
  });

  it('shows a case whose texts are HTML as text, with the phone in its reply masked', async () => {
    const probe = page.locator('#ticket-cases li.case[data-case-id="case-xss-probe"]');
    await expect(probe.locator('.title').textContent()).resolves.toContain(XSS_IMG);
    await expect(probe.locator('.meta').textContent()).resolves.toContain(XSS_SCRIPT);
    await probe.locator('summary.gist').click();
    const reply = (await probe.locator('.full').textContent()) ?? '';
    expect(reply).toContain(XSS_SCRIPT);
    expect(reply).not.toContain(CASE_PHONE);
    expect(reply).toContain('137****5678');
    expect(await page.locator('#ticket-cases img, #ticket-cases script').count()).toBe(0);
    await page.locator('#ticket-cases').scrollIntoViewIfNeeded();
    await screenshot(page, 'supervision-similar-cases.png');
    expect(await injectionProbes(page)).toEqual({ xss: undefined, csp: [] });
  });

  it("replaces the cases with another ticket's when it is opened", async () => {
    const other = seededId(qihu.seededAt, SEEDS.find((s) => s.n === 3)!);
    await open(other);
    expect(await page.locator('#ticket-cases li.case[data-case-id="case-xss-probe"]').count()).toBe(0);
    const hint = page.locator('#cases-hint');
    // The seeded demand (督办测试诉求…请尽快处理) is like no past case, or only a little.
    if ((await cases().count()) === 0) expect(await hint.textContent()).toBe('没有找到相似的往期案例。');
    else expect(await cases().locator('.level').allTextContents()).not.toContain('相似度 高');
    expect(problems).toEqual([]);
  });
});
