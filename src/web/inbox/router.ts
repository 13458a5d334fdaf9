/**
 * The editors' inbox and analytics pages (docs/inbox-analytics.md), plain HTML, CSS and JS:
 *
 *   GET /editor/inbox              src/web/inbox/index.html
 *   GET /editor/analytics          src/web/analytics/index.html
 *   GET /editor/insights/:file     their scripts and style sheet (a fixed list; anything else 404)
 *
 * Same rules as the chat page (src/web/router.ts): a strict Content-Security-Policy (this origin
 * only, no inline script or style, Trusted Types required, no framing), files read once, assets
 * linked with their content hash and cached hard for that exact version. The pages fetch
 * GET /api/v1/auth/me and send whoever is not signed in to /login?next=….
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { sendError } from '../../http/errors';

export const INSIGHTS_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const WEB = join(__dirname, '..');
/** Asset name → file. */
const ASSETS: Record<string, string> = {
  'insights.css': join(WEB, 'inbox', 'insights.css'),
  'console.js': join(WEB, 'inbox', 'console.js'),
  'inbox.js': join(WEB, 'inbox', 'inbox.js'),
  'analytics.js': join(WEB, 'analytics', 'analytics.js'),
  'chart.js': join(WEB, 'shared', 'chart.js'),
};
const PAGES: Record<string, string> = {
  '/editor/inbox': join(WEB, 'inbox', 'index.html'),
  '/editor/analytics': join(WEB, 'analytics', 'index.html'),
};

const typeOf = (name: string) => (name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');

function common(res: Response, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function createInsightsPagesRouter(): Router {
  const assets = new Map<string, { body: Buffer; version: string }>();
  for (const [name, file] of Object.entries(ASSETS)) {
    const body = readFileSync(file);
    assets.set(name, { body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) });
  }
  const router = Router();
  for (const [path, file] of Object.entries(PAGES)) {
    let html = readFileSync(file, 'utf8');
    for (const [name, a] of assets) html = html.split(`"/editor/insights/${name}"`).join(`"/editor/insights/${name}?v=${a.version}"`);
    const page = Buffer.from(html, 'utf8');
    router.get(path, (_req: Request, res: Response) => {
      common(res, 'text/html; charset=utf-8');
      res.setHeader('Content-Security-Policy', INSIGHTS_PAGE_CSP);
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cache-Control', 'no-cache');
      res.send(page);
    });
  }
  router.get('/editor/insights/:file', (req: Request, res: Response) => {
    const name = String(req.params.file);
    const a = Object.hasOwn(ASSETS, name) ? assets.get(name) : undefined;
    if (!a) return sendError(res, 'QH_ERR_NOT_FOUND');
    common(res, typeOf(name));
    res.setHeader('Cache-Control', req.query.v === a.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.send(a.body);
  });
  return router;
}
