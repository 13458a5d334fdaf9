/**
 * The editors' inbox and analytics pages (docs/inbox-analytics.md): HTML, CSS and one script each:
 *
 *   GET /editor/inbox              src/web/inbox/index.html
 *   GET /editor/analytics          src/web/analytics/index.html
 *   GET /editor/insights/:file     their style sheet and scripts (a fixed list; anything else 404):
 *                                  inbox.js and analytics.js, bundled from client/*.ts and
 *                                  src/web/shared/ by src/web/bundles.ts
 *
 * Same rules as the chat page (src/web/router.ts): a strict Content-Security-Policy (this origin
 * only, no inline script or style, Trusted Types required, no framing), files read once, assets
 * linked with their content hash and cached hard for that exact version. The pages fetch
 * GET /api/v1/auth/me and send whoever is not signed in to /login?next=….
 */
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { sendError } from '../../http-kit';
import { EDITOR_PAGE_CSP } from '../editor/router';
import { HTML_TYPE, NOSNIFF_HEADERS, bundledAsset, contentVersion, etagOf, loadAssets, loadLinkedPage, sendVersionedAsset, setHeaders } from '../static-page';

/** The same policy as the editor console's. */
export const INSIGHTS_PAGE_CSP = EDITOR_PAGE_CSP;

const WEB = join(__dirname, '..');
/** Asset name → file. */
const FILES: Record<string, string> = {
  'insights.css': join(WEB, 'inbox', 'insights.css'),
};
/** Asset name → page bundle. */
const SCRIPTS = { 'inbox.js': 'inbox', 'analytics.js': 'analytics' } as const;
const PAGES: Record<string, string> = {
  '/editor/inbox': join(WEB, 'inbox', 'index.html'),
  '/editor/analytics': join(WEB, 'analytics', 'index.html'),
};

export function createInsightsPagesRouter(): Router {
  const assets = loadAssets(FILES);
  for (const [name, bundle] of Object.entries(SCRIPTS)) assets.set(name, bundledAsset(bundle));
  const router = Router();
  for (const [path, file] of Object.entries(PAGES)) {
    const page = loadLinkedPage(file, '/editor/insights/', assets);
    const tag = etagOf(contentVersion(page));
    router.get(path, (_req: Request, res: Response) => {
      setHeaders(res, HTML_TYPE, NOSNIFF_HEADERS, {
        'Content-Security-Policy': INSIGHTS_PAGE_CSP,
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': 'no-cache',
        ETag: tag,
      });
      res.send(page);
    });
  }
  router.get('/editor/insights/:file', (req: Request, res: Response) => {
    const name = String(req.params.file);
    const a = assets.get(name);
    if (!a) return sendError(res, 'QH_ERR_NOT_FOUND');
    sendVersionedAsset(req, res, a);
  });
  return router;
}
