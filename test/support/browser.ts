/**
 * What the browser tests share (Chromium through playwright-core): when to skip, launching it, a
 * context that records CSP violations, collecting page errors, signing in through the login page,
 * and screenshots into test-artifacts/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's chromium, which the browser tests run. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(__dirname, '../../test-artifacts');

/**
 * describe, or describe.skip with a message when /usr/bin/chromium is missing and CI is unset
 * (CI always runs the browser tests). testFile: the calling test's __filename.
 */
export function describeWithChromium(testFile: string): jest.Describe {
  const run = existsSync(CHROMIUM) || Boolean(process.env.CI);
  if (!run) {
    const name = relative(resolve(__dirname, '../..'), testFile).split('\\').join('/');
    console.warn(`${name} skipped: ${CHROMIUM} is missing (apt-get install -y chromium); CI always runs it`);
  }
  return run ? describe : describe.skip;
}

/** A Chromium found on this machine: CHROMIUM_PATH, or one of the usual places. */
export function findChromium(): string | undefined {
  return process.env.CHROMIUM_PATH ?? [CHROMIUM, '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium (a fresh temporary profile every time); extraArgs are added to the usual flags. */
export function launchChromium(opts: { executablePath?: string; extraArgs?: string[] } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: opts.executablePath ?? CHROMIUM, args: [...ARGS, ...(opts.extraArgs ?? [])] });
}

/** Page script (a string: what a TypeScript transpiler adds to a function would not exist in the page) that keeps CSP violations in window.__csp. */
export const RECORD_CSP_VIOLATIONS = `window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`;

/**
 * A context (1280×900 unless given, zh-CN) whose pages record CSP violations in window.__csp;
 * initScript, if given, runs in every page too (before the recorder).
 */
export async function newRecordingContext(
  browser: Browser,
  options: BrowserContextOptions = {},
  initScript = '',
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1, ...options });
  await context.addInitScript({ content: `(() => {\n        ${initScript}${RECORD_CSP_VIOLATIONS}\n      })();` });
  return context;
}

/** Markup that sets window.__xss if a page ever runs it instead of showing it as text (see injectionProbes). */
export const XSS_IMG = '<img src=x onerror="window.__xss=1">';
export const XSS_SCRIPT = '<script>window.__xss=1</script>';

/**
 * What a page's injection probes caught: `xss` is set by a test's `<img onerror>` or `<script>`
 * payload if it ever ran, `csp` holds the violations newRecordingContext recorded.
 */
export function injectionProbes(page: Page): Promise<{ xss: unknown; csp: string[] }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { __xss?: unknown; __csp: string[] };
    return { xss: w.__xss, csp: w.__csp };
  });
}

/**
 * Adds the page's uncaught errors ("pageerror: …") and console errors ("console: …", except those
 * matching ignore) to problems.
 */
export function collectProblems(page: Page, problems: string[], ignore: RegExp = /Failed to load resource/): void {
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !ignore.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
}

/**
 * Fills the login page (/login) with username and password and presses 登录, while waiting for
 * until (a navigation, a response …), whose result it returns.
 */
export async function signIn<T>(page: Page, username: string, password: string, until: (page: Page) => Promise<T>): Promise<T> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  const [result] = await Promise.all([until(page), page.getByRole('button', { name: '登录' }).click()]);
  return result;
}

/** Saves a screenshot as test-artifacts/<name> (the whole page unless fullPage is false). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage });
}
