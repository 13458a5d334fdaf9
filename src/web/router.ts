/**
 * The public chat page (企呼我应 · 企业服务助手), served as static files from src/web/public/chat:
 *
 *   GET /                   index.html: no-cache, strict Content-Security-Policy
 *   GET /chat/chat.js       the page's script   } with ?v=<content hash> (as index.html links them):
 *                           (bundled from client/*.ts by src/web/bundles.ts)
 *   GET /chat/chat.css      the page's styles   } cached for a year, immutable; without it: no-cache
 *   GET /chat/icon.svg      the favicon         }
 *
 * Files are read (and the script bundled) once, when the router is created; index.html's links get the content hash, so a
 * new deployment is picked up on the next page load while the assets themselves are cached hard.
 * Every response carries its content hash as ETag, so no-cache revalidations are cheap 304s.
 *
 * The CSP allows only this origin: no inline script or style, no eval, no plugins, no framing, no
 * form posts, and (in Chromium) Trusted Types, so no string can ever reach an HTML sink.
 */
import { join } from 'node:path';
import type { Router } from 'express';
import { STRICT_CSP_BASE, TRUSTED_TYPES_CSP, createVersionedPageRouter } from './static-page';

export const CHAT_DIR = join(__dirname, 'public', 'chat');

const BASE_CSP = [
  ...STRICT_CSP_BASE,
  "font-src 'none'",
  "manifest-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  ...TRUSTED_TYPES_CSP,
];

/** A Host header safe to echo into the CSP: a DNS name or IPv4/IPv6 literal and an optional port. */
const SAFE_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The page's Content-Security-Policy. connect-src 'self' covers the same-origin websocket in current
 * browsers (CSP 3); older WebKit needs ws:/wss: spelled out, so the request's own host is added
 * when it is a well-formed host name (never anything else from the request).
 */
export function chatPageCsp(host?: string): string {
  const connect = ["'self'"];
  if (host && host.length <= 260 && SAFE_HOST.test(host)) connect.push(`ws://${host}`, `wss://${host}`);
  return [...BASE_CSP, `connect-src ${connect.join(' ')}`].join('; ');
}

const ASSETS = ['chat.css', 'icon.svg'] as const;

export interface WebRouterOptions {
  /** Where index.html, chat.css and icon.svg are; default src/web/public/chat. chat.js is always the bundle of its client/ scripts. */
  dir?: string;
}

export function createWebRouter(opts: WebRouterOptions = {}): Router {
  // index.html links each asset with its content hash: "/chat/chat.js" → "/chat/chat.js?v=0123456789ab".
  return createVersionedPageRouter({
    dir: opts.dir ?? CHAT_DIR,
    pagePaths: ['/', '/index.html'],
    prefix: '/chat/',
    assets: ASSETS,
    scripts: { 'chat.js': 'chat' },
    csp: (req) => chatPageCsp(req.headers.host),
  });
}
