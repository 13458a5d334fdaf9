/**
 * The Express application: request ids, request metrics, JSON body limits, security headers, the
 * route groups handed in by the composition root (src/server.ts), 404 and the error handler. No
 * module-level state.
 */
import express, { type Express, type Request, type Router } from 'express';
import type { Logger } from '../log';
import { captureRawBody, requireUtf8, sendError } from '../http-kit';
import type { Metrics } from '../metrics';
import { createErrorHandler } from './error-handler';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { SECURITY_HEADERS } from './security-headers';

export interface AppDeps {
  log: Logger;
  routers: Router[];
  /** Maximum JSON body; larger bodies get 413. */
  bodyLimit?: string;
  /** Paths whose routers read their own (larger) bodies, after authentication: a triage model is megabytes. */
  ownBodies?: readonly string[];
  /** Counts requests by method, route template and status. */
  metrics?: Pick<Metrics, 'http'>;
}

/**
 * The route template that answered (e.g. /api/v1/tickets/:id): a metric label must never hold a
 * raw path, whose ids would make a series per ticket. No route: "unmatched" for a 404, else "other"
 * (a guard or a static file answered).
 */
export function routeOf(req: Request, status: number): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return (req.baseUrl || '') + route.path;
  return status === 404 ? 'unmatched' : 'other';
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body for an ETag, POST replies included; the static pages
  // set their own from the content hash computed once (src/web/static-page.ts).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  const metrics = deps.metrics;
  app.use((req, res, next) => {
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.locals.requestId = requestId;
    res.locals.log = deps.log.child({ reqId: requestId });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (metrics) {
      const started = performance.now();
      res.once('finish', () => metrics.http(req.method, routeOf(req, res.statusCode), res.statusCode, (performance.now() - started) / 1000));
    }
    next();
  });
  // Keep the raw bytes too: signed callbacks are verified over the exact body.
  // Every JSON body must be UTF-8 (never decoded with U+FFFD) and keeps its bytes for signed routes.
  app.use(
    express.json({
      limit: deps.bodyLimit ?? '64kb',
      type: (raw) => {
        const req = raw as Request;
        // A route reading its own body does so only for its writes: a GET there is checked like any other.
        const own = req.method !== 'GET' && (deps.ownBodies ?? []).includes(req.path);
        return Boolean(req.is('application/json')) && !own;
      },
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
