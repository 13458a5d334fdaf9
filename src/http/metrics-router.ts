/**
 * GET /metrics: the Prometheus exposition of this instance's registry (src/metrics.ts).
 *
 * On the main port it is protected: `Authorization: Bearer <METRICS_TOKEN>` (a token for the
 * scraper and nothing else, compared in constant time), or else the admin role (a signed-in
 * administrator, or an admin API token). The numbers name no user, but they tell how much the
 * service is used and how it fails: not for everyone.
 *
 * With METRICS_PORT, the same exposition is also served without credentials on a listener of its
 * own (createMetricsServer), bound to METRICS_HOST (default loopback): for a scraper on the same
 * host or pod network, with the main port's /metrics still protected.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../log';
import { SECURITY_HEADERS } from './security-headers';

export const METRICS_PATH = '/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether `header` is "Bearer <token>": both hashed first, so the comparison takes the same time whatever the lengths. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

async function exposition(registry: Registry): Promise<{ type: string; body: string }> {
  return { type: registry.contentType, body: await registry.metrics() };
}

export interface MetricsRouterDeps {
  registry: Registry;
  /** METRICS_TOKEN: a bearer token that may read the metrics. */
  token?: string;
  /** The admin guard for everyone else (src/auth requireRole). */
  requireRole: (role: 'admin') => RequestHandler;
  log: Logger;
}

export function createMetricsRouter(deps: MetricsRouterDeps): Router {
  const router = Router();
  const admin = deps.requireRole('admin');
  const serve: RequestHandler = (_req, res, next) => {
    exposition(deps.registry).then(({ type, body }) => {
      res.setHeader('Cache-Control', 'no-store');
      res.type(type).send(body);
    }, next);
  };
  router.get(
    METRICS_PATH,
    (req, res, next) => {
      // The scraper's token: served at once. Anything else must be an administrator.
      if (deps.token && bearerMatches(req.get('authorization'), deps.token)) return serve(req, res, next);
      admin(req, res, next);
    },
    serve,
  );
  return router;
}

/** The unauthenticated metrics listener of METRICS_PORT: GET /metrics and nothing else. */
export async function createMetricsServer(opts: { registry: Registry; port: number; host: string; log: Logger }): Promise<{
  server: Server;
  url: string;
  close(): Promise<void>;
}> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET' || path !== METRICS_PATH) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    exposition(opts.registry).then(
      ({ type, body }) => res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body),
      (err: unknown) => {
        opts.log.error('metrics exposition failed', { err });
        res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, opts.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    url: `http://${host}:${port}${METRICS_PATH}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
