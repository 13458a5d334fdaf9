/**
 * The knowledge editors' console (企呼我应 · 知识库编辑台), served as static files from src/web/editor:
 *
 *   GET /editor               index.html (/editor/ too): no-cache, strict Content-Security-Policy
 *   GET /editor/editor.js     the page's script      } ?v=<content hash> as index.html links them:
 *   GET /editor/editor.css    the page's styles      } cached a year, immutable; without: no-cache
 *
 * Only these exact paths: /editor/inbox, /editor/analytics … belong to other routers. The page is
 * public (it holds no data); everything it shows comes from /api/v1/auth/me and the editor API
 * under /api/v1/admin/kb, which the auth gate guards. See docs/editor-console.md.
 *
 * The CSP allows only this origin: no inline script or style, no eval, no framing, no form posts,
 * and Trusted Types with no policy, so no string can reach an HTML sink (the script builds every
 * node with createElement and textContent).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';

export const EDITOR_DIR = __dirname;

export const EDITOR_PAGE_CSP = [
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

const ASSETS = {
  'editor.js': 'text/javascript; charset=utf-8',
  'editor.css': 'text/css; charset=utf-8',
} as const;

function headers(res: Response, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (type.startsWith('text/html')) {
    res.setHeader('Content-Security-Policy', EDITOR_PAGE_CSP);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  }
}

export interface EditorPageRouterOptions {
  /** Where index.html, editor.js and editor.css are; default src/web/editor. */
  dir?: string;
}

export function createEditorPageRouter(opts: EditorPageRouterOptions = {}): Router {
  const dir = opts.dir ?? EDITOR_DIR;
  const assets = new Map<string, { body: Buffer; type: string; version: string }>();
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) });
  }
  let html = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const [name, asset] of assets) html = html.split(`"/editor/${name}"`).join(`"/editor/${name}?v=${asset.version}"`);
  const page = Buffer.from(html, 'utf8');

  // Not strict: /editor/ is the page too.
  const router = Router();
  const sendPage = (_req: Request, res: Response) => {
    headers(res, 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.send(page);
  };
  router.get('/editor', sendPage);
  for (const [name, asset] of assets) {
    router.get(`/editor/${name}`, (req: Request, res: Response) => {
      headers(res, asset.type);
      res.setHeader('Cache-Control', req.query.v === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.send(asset.body);
    });
  }
  return router;
}
