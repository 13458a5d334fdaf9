/**
 * The pages' scripts: TypeScript under src/web/<page>/client/ and src/web/shared/, bundled by
 * esbuild once per process (src/web/bundles.ts) and served by the page routers under the names
 * the pages link, with the pages' strict CSP. Also: every browser module is in the browser
 * type-check (src/web/tsconfig.json, part of `npm run typecheck`) and none is in the server's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { createApp } from '../../src/http/app';
import { silentLogger } from '../../src/log';
import { PAGE_ENTRIES, buildPageBundles, pageBundle, type PageBundle } from '../../src/web/bundles';
import { createEditorPageRouter } from '../../src/web/editor/router';
import { createInsightsPagesRouter } from '../../src/web/inbox/router';
import { createLoginPageRouter } from '../../src/web/login/router';
import { createWebRouter } from '../../src/web/router';
import { contentVersion } from '../../src/web/static-page';

const ROOT = resolve(__dirname, '../..');
const WEB = join(ROOT, 'src/web');
const NAMES = Object.keys(PAGE_ENTRIES) as PageBundle[];

describe('buildPageBundles', () => {
  const bundles = buildPageBundles();

  it('builds one self-contained ES2020 script per page', () => {
    expect([...bundles.keys()].sort()).toEqual([...NAMES].sort());
    for (const [name, body] of bundles) {
      const js = body.toString('utf8');
      expect(js.length).toBeGreaterThan(1000);
      expect(js.startsWith('"use strict";')).toBe(true);
      // An IIFE: nothing left to load, no module syntax, no Node, no TypeScript.
      expect(js).not.toMatch(/^\s*(import|export)\s/m);
      expect(js).not.toMatch(/\brequire\(|process\.env|__dirname/);
      expect(js).not.toMatch(/\binterface\s+\w+\s*\{|:\s*HTMLElement\b/);
      // Types shared with the server are imported as types only: zod is not bundled.
      expect(js).not.toMatch(/ZodError|\$ZodType|zod/i);
      // Chinese stays UTF-8, not \u escapes.
      expect(js).not.toMatch(/\\u[4-9][0-9a-f]{3}/i);
      expect({ name, sinks: /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/.test(js) }).toEqual({ name, sinks: false });
      // Nothing from another origin (the SVG namespace is a name, not a request).
      expect(js.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\/[a-z]/i);
    }
  });

  it('is built once per process: every router gets the same bundle', () => {
    expect(pageBundle('chat')).toBe(pageBundle('chat'));
    expect(pageBundle('editor').equals(bundles.get('editor')!)).toBe(true);
  });
});

describe('the bundles as the pages serve them', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = createApp({ log: silentLogger, routers: [createWebRouter(), createEditorPageRouter(), createLoginPageRouter(), createInsightsPagesRouter()] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  const cases: { page: string; script: string; bundle: PageBundle; versioned: boolean }[] = [
    { page: '/', script: '/chat/chat.js', bundle: 'chat', versioned: true },
    { page: '/editor', script: '/editor/editor.js', bundle: 'editor', versioned: true },
    { page: '/editor/inbox', script: '/editor/insights/inbox.js', bundle: 'inbox', versioned: true },
    { page: '/editor/analytics', script: '/editor/insights/analytics.js', bundle: 'analytics', versioned: true },
    { page: '/login', script: '/login/login.js', bundle: 'login', versioned: false },
  ];

  it.each(cases)('$page links its one script, served as JavaScript with the CSP the page has', async ({ page, script, bundle, versioned }) => {
    const res = await fetch(base + page);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
    const body = pageBundle(bundle);
    const link = versioned ? `${script}?v=${contentVersion(body)}` : script;
    expect(scripts).toEqual([link]);

    const js = await fetch(base + link);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    if (versioned) expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await js.arrayBuffer()).equals(body)).toBe(true);
  });

  it('serves no TypeScript source, source map or separate module', async () => {
    for (const path of ['/chat/client/main.ts', '/chat/chat.js.map', '/editor/client/main.ts', '/editor/editor.js.map', '/editor/insights/chart.js', '/editor/insights/console.js']) {
      expect((await fetch(base + path)).status).toBe(404);
    }
  });
});

describe('type-checking the browser code', () => {
  const program = (config: string) => {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } })!;
    return { files: new Set(parsed.fileNames.map((f) => relative(ROOT, f))), options: parsed.options };
  };
  const browserFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile() && d.name.endsWith('.ts'))
      .map((d) => relative(ROOT, join(d.parentPath, d.name)))
      .filter((f) => /^src\/web\/(.+\/client\/|shared\/)/.test(f));

  it('npm run typecheck checks every browser module with DOM types and no Node types', () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.typecheck).toContain('-p src/web/tsconfig.json');
    const browser = program('src/web/tsconfig.json');
    expect(browser.options.strict).toBe(true);
    expect(browser.options.types).toEqual([]);
    expect(browser.options.lib?.map((l) => l.toLowerCase())).toEqual(expect.arrayContaining(['lib.dom.d.ts']));
    const files = browserFiles(WEB);
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect({ f, checked: browser.files.has(f) }).toEqual({ f, checked: true });
    for (const entry of Object.values(PAGE_ENTRIES)) expect(browser.files.has(`src/web/${entry}`)).toBe(true);
    // The server's program (Node types, no DOM) leaves them out.
    const server = program('tsconfig.json');
    for (const f of files) expect({ f, inServer: server.files.has(f) }).toEqual({ f, inServer: false });
  });

  it('no browser module is over 600 lines', () => {
    for (const f of browserFiles(WEB)) {
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n').length;
      expect({ f, over: lines > 600 }).toEqual({ f, over: false });
    }
  });
});
