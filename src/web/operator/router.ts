/**
 * The operator console page (12345 hotline): GET /operator and its script and style sheet, with a
 * strict Content-Security-Policy (no inline script or style, nothing from other origins, no
 * framing, Trusted Types: the page only ever sets textContent). Files are read once.
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

export const OPERATOR_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const ASSETS = {
  '/operator/operator.js': { file: 'operator.js', type: 'text/javascript; charset=utf-8' },
  '/operator/operator.css': { file: 'operator.css', type: 'text/css; charset=utf-8' },
} as const;

function headers(res: Response, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Security-Policy', OPERATOR_PAGE_CSP);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-cache');
}

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
    headers(res, 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.send(page);
  });
  for (const [path, asset] of Object.entries(ASSETS)) {
    const body = readFileSync(join(dir, asset.file));
    router.get(path, (_req, res: Response) => {
      headers(res, asset.type);
      res.send(body);
    });
  }
  return router;
}
