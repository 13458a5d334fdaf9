/**
 * The public chat page (企呼我应 · 企业服务助手), served as static files from src/web/public/chat:
 *
 *   GET /                   index.html: no-cache, strict Content-Security-Policy
 *   GET /chat/chat.js       the page's script   } with ?v=<content hash> (as index.html links them):
 *   GET /chat/chat.css      the page's styles   } cached for a year, immutable; without it: no-cache
 *   GET /chat/icon.svg      the favicon         }
 *
 * Files are read once, when the router is created; index.html's links get the content hash, so a
 * new deployment is picked up on the next page load while the assets themselves are cached hard.
 * Every response carries ETag (Express), so no-cache revalidations are cheap 304s.
 *
 * The CSP allows only this origin: no inline script or style, no eval, no plugins, no framing, no
 * form posts, and (in Chromium) Trusted Types, so no string can ever reach an HTML sink.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';

export const CHAT_DIR = join(__dirname, 'public', 'chat');

const BASE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'none'",
  "manifest-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const ASSETS = ['chat.js', 'chat.css', 'icon.svg'] as const;

interface Asset {
  body: Buffer;
  type: string;
  version: string;
}

function securityHeaders(req: Request, res: Response, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (type.startsWith('text/html')) {
    res.setHeader('Content-Security-Policy', chatPageCsp(req.headers.host));
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    res.setHeader('Referrer-Policy', 'no-referrer');
  }
}

export interface WebRouterOptions {
  /** Where index.html, chat.js, chat.css and icon.svg are; default src/web/public/chat. */
  dir?: string;
}

export function createWebRouter(opts: WebRouterOptions = {}): Router {
  const dir = opts.dir ?? CHAT_DIR;
  const assets = new Map<string, Asset>();
  for (const name of ASSETS) {
    const body = readFileSync(join(dir, name));
    const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
    assets.set(name, { body, type: TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream', version });
  }
  // Link each asset with its content hash: "/chat/chat.js" → "/chat/chat.js?v=0123456789ab".
  let html = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const [name, asset] of assets) html = html.split(`"/chat/${name}"`).join(`"/chat/${name}?v=${asset.version}"`);
  const page = Buffer.from(html, 'utf8');

  const router = Router();
  const sendPage = (req: Request, res: Response) => {
    securityHeaders(req, res, TYPES['.html']!);
    res.setHeader('Cache-Control', 'no-cache');
    res.send(page);
  };
  router.get('/', sendPage);
  router.get('/index.html', sendPage);

  for (const [name, asset] of assets) {
    router.get(`/chat/${name}`, (req: Request, res: Response) => {
      securityHeaders(req, res, asset.type);
      // Hard caching only for the exact version index.html links; anything else revalidates.
      res.setHeader('Cache-Control', req.query.v === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.send(asset.body);
    });
  }
  return router;
}
