/**
 * The chat page's router (src/web/router.ts) over real HTTP, without a browser: content types, the
 * Content-Security-Policy, caching (hashed asset links cached hard, the page revalidated), and the
 * page's files: no inline script or style, nothing from another origin, no HTML sinks in the script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../src/http/app';
import { silentLogger } from '../../src/log';
import { pageBundle } from '../../src/web/bundles';
import { CHAT_DIR, chatPageCsp, createWebRouter } from '../../src/web/router';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(createApp({ log: silentLogger, routers: [createWebRouter()] }));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

const csp = (res: Response) =>
  new Map(
    (res.headers.get('content-security-policy') ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

describe('GET /', () => {
  it('serves the page as UTF-8 HTML with a strict CSP, revalidated on every load', async () => {
    const res = await fetch(base + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const policy = csp(res);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(policy.get('connect-src')?.[0]).toBe("'self'");
    const html = await res.text();
    expect(html).toContain('企呼我应 · 企业服务助手');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('answers a revalidation with 304', async () => {
    const first = await fetch(base + '/');
    // fetch() adds "cache-control: no-cache" to a conditional request unless told otherwise.
    const again = await fetch(base + '/', { headers: { 'if-none-match': first.headers.get('etag')!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
  });

  it('links each asset with its content hash, and those links are cached for a year', async () => {
    const html = await (await fetch(base + '/')).text();
    const links = [...html.matchAll(/(?:src|href)="(\/chat\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.map((l) => l.replace(/\?v=[0-9a-f]{12}$/, ''))).toEqual(
      expect.arrayContaining(['/chat/chat.js', '/chat/chat.css', '/chat/icon.svg']),
    );
    const types: Record<string, string> = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      svg: 'image/svg+xml',
    };
    for (const link of links) {
      expect(link).toMatch(/\?v=[0-9a-f]{12}$/);
      const res = await fetch(base + link);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(types[link.replace(/\?.*$/, '').split('.').pop()!]);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('revalidates an asset asked for without (or with another) version', async () => {
    for (const path of ['/chat/chat.js', '/chat/chat.js?v=000000000000']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves nothing else: other paths fall through to the 404', async () => {
    for (const path of ['/chat/', '/chat/index.html', '/chat/../router.ts', '/chat/chat.js.map', '/api/v1/nothing']) {
      expect((await fetch(base + path)).status).toBe(404);
    }
  });
});

describe('chatPageCsp', () => {
  it('adds ws:/wss: only for a well-formed Host', () => {
    expect(chatPageCsp('qihu.example.gov.cn:8443')).toContain("connect-src 'self' ws://qihu.example.gov.cn:8443 wss://qihu.example.gov.cn:8443");
    expect(chatPageCsp('[::1]:3000')).toContain('ws://[::1]:3000');
    for (const bad of ['evil.com; script-src *', 'a b', "x'", 'host/path', '', undefined]) {
      expect(chatPageCsp(bad)).toMatch(/connect-src 'self'$/);
    }
  });
});

describe('the page files', () => {
  const html = readFileSync(join(CHAT_DIR, 'index.html'), 'utf8');
  // What /chat/chat.js serves: the bundle of src/web/public/chat/client/*.ts.
  const js = pageBundle('chat').toString('utf8');
  const css = readFileSync(join(CHAT_DIR, 'chat.css'), 'utf8');

  it('have no inline script, inline style or handler attribute, and load nothing from elsewhere', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html + css).not.toMatch(/https?:\/\/|@import|url\(/);
  });

  it('never hand a string to an HTML sink or eval', () => {
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(\s*['"`]/);
  });
  it('word the page only through labels.ts, so a traditional-script user reads none of it in simplified', () => {
    const client = join(CHAT_DIR, 'client');
    for (const file of readdirSync(client).filter((f) => f.endsWith('.ts') && f !== 'labels.ts')) {
      const code = readFileSync(join(client, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/\s\/\/ .*$/gm, '');
      const literals = code.match(/(['"`])(?:(?!\1)[^\\\n]|\\.)*?\p{Script=Han}(?:(?!\1)[^\\\n]|\\.)*?\1/gu) ?? [];
      expect([file, literals]).toEqual([file, []]);
    }
  });
});
