/**
 * The login page in a real browser (Chromium through playwright-core): strict CSP with no
 * violations, accessible form, errors shown as text, ?next= honoured only for same-origin paths,
 * and a session cookie the page's script cannot read. Skipped when no Chromium is installed
 * (set CHROMIUM_PATH to point at one).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AuthConfigSchema, DEVELOPMENT_ACCOUNTS_FILE, setupAuth } from '../../src/auth';
import { createApp } from '../../src/http/app';
import { createLoginPageRouter, LOGIN_PAGE_CSP } from '../../src/web/login/router';
import { ARTIFACTS, findChromium, launchChromium, signIn } from '../support/browser';
import { captureLogger, listen, PASSWORDS, startAuthApp, type AuthHarness } from './support';

const CHROMIUM = findChromium();
const maybe = CHROMIUM ? describe : describe.skip;

maybe('the login page', () => {
  let browser: Browser;
  let h: AuthHarness;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium({ executablePath: CHROMIUM });
    h = await startAuthApp();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(h.url + path);
    return { page, problems };
  }

  it('is served with a strict CSP, in Chinese, and runs without CSP violations', async () => {
    const res = await fetch(h.url + '/login');
    expect(res.headers.get('content-security-policy')).toBe(LOGIN_PAGE_CSP);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('企呼我应 · 工作人员登录');
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|\sstyle=|\son\w+=/i);
    expect(html).not.toMatch(/https?:\/\//);

    const { page, problems } = await open('/login');
    expect(await page.title()).toBe('企呼我应 · 工作人员登录');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('企呼我应 · 工作人员登录');
    // The form works: the script loaded under the CSP.
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('请输入用户名。').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows a wrong password as text, then signs in and goes to ?next=', async () => {
    const { page, problems } = await open('/login?next=' + encodeURIComponent('/operator/calls?line=3'));
    await page.getByLabel('用户名').fill('zhang.san');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('用户名或密码不正确。').waitFor();
    expect(await page.getByLabel('密码').inputValue()).toBe('');
    expect(await page.getByLabel('用户名').getAttribute('aria-invalid')).toBe('true');

    await signIn(page, 'zhang.san', PASSWORDS.operator, (p) => p.waitForURL(h.url + '/operator/calls?line=3'));
    // The session cookie is HttpOnly: the page's script cannot read it.
    expect(await page.evaluate('document.cookie')).not.toContain('qihu_session');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'qihu_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
    expect(me).toMatchObject({ user: { username: 'zhang.san', role: 'operator' }, via: 'session' });
    expect(problems.filter((p) => !/40[14]/.test(p))).toEqual([]);
    await page.context().close();
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '/login'])(
    'ignores ?next=%s and goes to the console of the role',
    async (next) => {
      const { page } = await open('/login?next=' + encodeURIComponent(next));
      await signIn(page, 'li.si', PASSWORDS.editor, (p) => p.waitForURL(h.url + '/editor'));
      await page.context().close();
    },
  );

  it('refuses a cross-origin page posting with the session cookie (same site, other port)', async () => {
    const { page } = await open('/login');
    await signIn(page, 'zhang.san', PASSWORDS.operator, (p) => p.waitForURL(h.url + '/operator'));

    // 127.0.0.1 on another port: the same site, so SameSite=Strict still sends the cookie.
    const target = h.url + '/api/v1/hotline/calls/7/notes';
    const evil = await listen((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><script>
        fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', mode: 'no-cors',
          headers: { 'content-type': 'text/plain' }, body: '{}' }).finally(() => { document.title = 'sent'; });
      </script>`);
    });
    try {
      await page.goto(evil.url);
      await page.waitForFunction('document.title === "sent"');
      const refused = h.logs.events().filter((e) => e.event === 'csrf_rejected');
      expect(refused).toEqual([expect.objectContaining({ reason: 'csrf_origin_rejected', username: 'zhang.san', path: '/api/v1/hotline/calls/7/notes' })]);
    } finally {
      await evil.close();
      await page.context().close();
    }
  });

  it('in development, says in which file the accounts\' passwords are, and never shows a password', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qihu-login-dev-'));
    const printed: string[] = [];
    const setup = await setupAuth({ config: AuthConfigSchema.parse({}), log: captureLogger().log, nodeEnv: 'development', dataDir, write: (t) => printed.push(t) });
    const dev = await listen(createApp({ log: captureLogger().log, routers: [setup.gate, setup.router, createLoginPageRouter()] }));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(dev.url + '/login');
      const line = page.locator('#dev-accounts');
      await line.waitFor({ state: 'visible' });
      const file = join(dataDir, DEVELOPMENT_ACCOUNTS_FILE);
      expect(await line.textContent()).toBe(`开发环境：尚未配置用户。开发账号 admin、operator、editor、supervisor 的密码在服务器上的文件 ${file} 中。`);
      const html = await page.content();
      const passwords = [...printed.join('').matchAll(/^ {2}\w+\s+(\S+)\s+\(/gm)].map((m) => m[1]!);
      expect(passwords).toHaveLength(4);
      for (const password of passwords) expect(html).not.toContain(password);
      await page.screenshot({ path: join(ARTIFACTS, 'login-development.png') });
      // The passwords from the file sign in.
      await signIn(page, 'operator', passwords[1]!, (p) => p.waitForURL(dev.url + '/operator'));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await dev.close();
      await setup.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says nothing of development accounts when users are configured', async () => {
    const { page } = await open('/login');
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.isHidden('#dev-accounts')).toBe(true);
    expect(await page.locator('#dev-accounts').textContent()).toBe('');
    await page.context().close();
  });
});
