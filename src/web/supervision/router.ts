/**
 * The 督办 (supervision) pages (docs/supervision.md), for the supervisor role and admins:
 *
 *   GET /supervision                   the list by SLA colour, filters, a ticket's timeline, export
 *   GET /supervision/summary           the daily summary
 *   GET /supervision/assets/:file      their style sheet and scripts (supervision.js and
 *                                      summary.js, bundled from client/*.ts and src/web/shared/)
 *
 * A strict Content-Security-Policy like the operator console's (this origin only, no inline
 * script or style, Trusted Types: the pages only ever set textContent). The pages hold no data,
 * but a browser without a supervisor (or admin) session is sent to /login?next=… rather than shown
 * a page whose every request would fail. They are not cached (no-store): what they show is not
 * for shared caches.
 */
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { Auth } from '../../auth/middleware';
import { loginUrlFor } from '../../auth/redirect';
import { roleSatisfies } from '../../auth/protected-paths';
import type { Principal } from '../../auth/tokens';
import { sendError } from '../../http-kit';
import { OPERATOR_PAGE_CSP } from '../operator/router';
import { HTML_TYPE, NOSNIFF_HEADERS, PAGE_HEADERS, bundledAsset, loadAssets, loadLinkedPage, sendVersionedAsset, setHeaders } from '../static-page';

/** The same policy as the operator console's. */
export const SUPERVISION_PAGE_CSP = OPERATOR_PAGE_CSP;

const ASSET_PREFIX = '/supervision/assets/';
const PAGES: Record<string, string> = {
  '/supervision': join(__dirname, 'index.html'),
  '/supervision/summary': join(__dirname, 'summary.html'),
};

export function createSupervisionPageRouter(opts: { auth: Pick<Auth, 'ensureAuthenticated'> }): Router {
  const assets = loadAssets({ 'supervision.css': join(__dirname, 'supervision.css') });
  assets.set('supervision.js', bundledAsset('supervision'));
  assets.set('summary.js', bundledAsset('supervision-summary'));
  const router = Router();
  for (const [path, file] of Object.entries(PAGES)) {
    const page = loadLinkedPage(file, ASSET_PREFIX, assets);
    router.get(path, async (req: Request, res: Response) => {
      if (!(await opts.auth.ensureAuthenticated(req, res))) return;
      const principal = res.locals.principal as Principal | undefined;
      res.setHeader('Cache-Control', 'no-store');
      if (!principal || !roleSatisfies(principal.role, 'supervisor')) {
        res.redirect(302, loginUrlFor(req));
        return;
      }
      setHeaders(res, HTML_TYPE, NOSNIFF_HEADERS, { 'Content-Security-Policy': SUPERVISION_PAGE_CSP }, PAGE_HEADERS, { 'Cache-Control': 'no-store' });
      res.send(page);
    });
  }
  router.get(`${ASSET_PREFIX}:file`, (req: Request, res: Response) => {
    const asset = assets.get(String(req.params.file));
    if (!asset) return sendError(res, 'QH_ERR_NOT_FOUND');
    sendVersionedAsset(req, res, asset);
  });
  return router;
}
