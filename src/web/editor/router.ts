/**
 * The knowledge editors' console (企呼我应 · 知识库编辑台), served as static files from src/web/editor:
 *
 *   GET /editor               index.html (/editor/ too): no-cache, strict Content-Security-Policy
 *   GET /editor/editor.js     the page's script      } ?v=<content hash> as index.html links them:
 *                             (bundled from client/*.ts by src/web/bundles.ts)
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
import type { Router } from 'express';
import { STRICT_CSP_BASE, TRUSTED_TYPES_CSP, createVersionedPageRouter } from '../static-page';

export const EDITOR_DIR = __dirname;

export const EDITOR_PAGE_CSP = [
  ...STRICT_CSP_BASE,
  "connect-src 'self'",
  "font-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  ...TRUSTED_TYPES_CSP,
].join('; ');

const ASSETS = ['editor.css'] as const;

export interface EditorPageRouterOptions {
  /** Where index.html and editor.css are; default src/web/editor. editor.js is always the bundle of client/*.ts. */
  dir?: string;
}

export function createEditorPageRouter(opts: EditorPageRouterOptions = {}): Router {
  // Not strict: /editor/ is the page too.
  return createVersionedPageRouter({
    dir: opts.dir ?? EDITOR_DIR,
    pagePaths: ['/editor'],
    prefix: '/editor/',
    assets: ASSETS,
    scripts: { 'editor.js': 'editor' },
    csp: () => EDITOR_PAGE_CSP,
  });
}
