/**
 * The operator console page (12345 hotline): GET /operator and its script and style sheet, with a
 * strict Content-Security-Policy (no inline script or style, nothing from other origins, no
 * framing, Trusted Types: the page only ever sets textContent). Files are read (and the script,
 * operator.js, bundled from client/*.ts) once.
 *
 * The page itself holds no data, but a browser without an operator (or admin) session is sent to
 * /login?next=/operator rather than shown a console whose every request would fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { Auth } from '../../auth/middleware';
import { loginUrlFor } from '../../auth/redirect';
import { roleSatisfies } from '../../auth/protected-paths';
import type { Principal } from '../../auth/tokens';
import { HTML_TYPE, STRICT_CSP_BASE, TRUSTED_TYPES_CSP, bundledAsset, contentTypeOf, contentVersion, etagOf, setHeaders } from '../static-page';

export const OPERATOR_PAGE_CSP = [
  ...STRICT_CSP_BASE,
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  ...TRUSTED_TYPES_CSP,
].join('; ');

/** Path → file ('operator.js': the page bundle). */
const ASSETS = {
  '/operator/operator.js': 'operator.js',
  '/operator/operator.css': 'operator.css',
} as const;

const HEADERS = {
  'Content-Security-Policy': OPERATOR_PAGE_CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

export function createOperatorPageRouter(opts: { auth: Pick<Auth, 'ensureAuthenticated'>; dir?: string }): Router {
  const dir = opts.dir ?? __dirname;
  const page = readFileSync(join(dir, 'index.html'));
  const router = Router();
  router.get('/operator', async (req: Request, res: Response) => {
    if (!(await opts.auth.ensureAuthenticated(req, res))) return;
    const principal = res.locals.principal as Principal | undefined;
    if (!principal || !roleSatisfies(principal.role, 'operator')) {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, loginUrlFor(req));
      return;
    }
    setHeaders(res, HTML_TYPE, HEADERS, { 'Cache-Control': 'no-store' });
    res.send(page);
  });
  for (const [path, file] of Object.entries(ASSETS)) {
    const body = file === 'operator.js' ? bundledAsset('operator').body : readFileSync(join(dir, file));
    const type = contentTypeOf(file);
    const tag = etagOf(contentVersion(body));
    router.get(path, (_req, res: Response) => {
      setHeaders(res, type, HEADERS, { ETag: tag });
      res.send(body);
    });
  }
  return router;
}
