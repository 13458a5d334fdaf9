/**
 * Serves the login page: GET /login (index.html) and its script and style sheet, with a strict
 * Content-Security-Policy (no inline script or style, nothing from other origins, no framing).
 * The files are read once, when the router is created.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Response } from 'express';

export const LOGIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS = {
  '/login': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/login/login.js': { file: 'login.js', type: 'text/javascript; charset=utf-8' },
  '/login/login.css': { file: 'login.css', type: 'text/css; charset=utf-8' },
} as const;

export function createLoginPageRouter(opts: { dir?: string } = {}): Router {
  const dir = opts.dir ?? __dirname;
  const router = Router();
  for (const [path, asset] of Object.entries(ASSETS)) {
    const body = readFileSync(join(dir, asset.file));
    router.get(path, (_req, res: Response) => {
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Content-Security-Policy', LOGIN_PAGE_CSP);
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cache-Control', 'no-cache');
      res.send(body);
    });
  }
  return router;
}
