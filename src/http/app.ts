/**
 * The Express application: JSON body limits, security headers, the route groups handed in by the
 * composition root (src/server.ts), 404 and the error handler. No module-level state.
 */
import express, { type Express, type Router } from 'express';
import type { Logger } from '../log';
import { captureRawBody, requireUtf8, sendError } from '../http-kit';
import { createErrorHandler } from './error-handler';
import { SECURITY_HEADERS } from './security-headers';

export interface AppDeps {
  log: Logger;
  routers: Router[];
  /** Maximum JSON body; larger bodies get 413. */
  bodyLimit?: string;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body for an ETag, POST replies included; the static pages
  // set their own from the content hash computed once (src/web/static-page.ts).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  // Keep the raw bytes too: signed callbacks are verified over the exact body.
  // Every JSON body must be UTF-8 (never decoded with U+FFFD) and keeps its bytes for signed routes.
  app.use(
    express.json({
      limit: deps.bodyLimit ?? '64kb',
      verify: (req, res, buf) => {
        requireUtf8(req, res, buf);
        captureRawBody(req, res, buf);
      },
    }),
  );
  for (const router of deps.routers) app.use(router);
  app.use((_req, res) => sendError(res, 'QH_ERR_NOT_FOUND'));
  app.use(createErrorHandler(deps.log));
  return app;
}
