/**
 * Serves the login page: GET /login (index.html) and its script and style sheet, with a strict
 * Content-Security-Policy (no inline script or style, nothing from other origins, no framing).
 * The files are read (and the script, login.js, bundled from client/*.ts) once, when the router is created.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Response } from 'express';
import { STRICT_CSP_BASE, bundledAsset, contentTypeOf, contentVersion, etagOf, setHeaders } from '../static-page';

export const LOGIN_PAGE_CSP = [
  ...STRICT_CSP_BASE,
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Path → file ('login.js': the page bundle). */
const ASSETS = {
  '/login': 'index.html',
  '/login/login.js': 'login.js',
  '/login/login.css': 'login.css',
} as const;

export function createLoginPageRouter(opts: { dir?: string } = {}): Router {
  const dir = opts.dir ?? __dirname;
  const router = Router();
  for (const [path, file] of Object.entries(ASSETS)) {
    const body = file === 'login.js' ? bundledAsset('login').body : readFileSync(join(dir, file));
    const type = contentTypeOf(file);
    const tag = etagOf(contentVersion(body));
    router.get(path, (_req, res: Response) => {
      setHeaders(res, type, {
        'Content-Security-Policy': LOGIN_PAGE_CSP,
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': 'no-cache',
        ETag: tag,
      });
      res.send(body);
    });
  }
  return router;
}
