/**
 * An in-process qihu for delivery tests: ticket service + HTTP routers on a free port, the
 * reference routing backend on another, and a dispatcher between them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import { loadCalendar } from '../../src/tickets/calendar';
import { loadDistricts } from '../../src/tickets/districts';
import { loadRouting } from '../../src/tickets/triage';
import { createTicketService, type TicketService } from '../../src/tickets/service';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../../src/tickets/dispatcher';
import type { TicketStore } from '../../src/tickets/store';
import { randomUUID } from 'node:crypto';
import { signRequest } from '../../src/tickets/signing';
import { createRoutingBackend, type RoutingBackend, type RoutingBackendOptions } from '../../src/routing-backend/app';
import { createDeadLetterRouter, createTicketRouter } from '../../src/http/tickets-router';
import { captureRawBody, jsonBodyErrorHandler } from '../../src/http-kit';
import type { ReplayGuard } from '../../src/tickets/signing';
import { makeUscc } from './tickets';

export const TEST_SECRET = 'test-secret-0123456789abcdef';
const KB = join(__dirname, '../../knowledge-base');

export function loadTables() {
  return {
    calendar: loadCalendar(join(KB, 'holidays.json')),
    routing: loadRouting(join(KB, 'routing.json')),
    districts: loadDistricts(join(KB, 'districts.json')),
  };
}

export function ticketInput(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'web',
    enterprise: { name: `示例科技有限公司${n}`, creditCode: makeUscc(n), district: '东城区' },
    contact: { name: '张三', phone: '138 0013 8000' },
    demand: { summary: `高新技术企业认定需要准备哪些材料？（${n}）` },
    idempotencyKey: `input-key-${n}-abcdef`,
    ...over,
  };
}

export async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
}

export interface QihuHarness {
  url: string;
  backend: RoutingBackend;
  backendUrl: string;
  store: TicketStore;
  service: TicketService;
  dispatchers: Dispatcher[];
  close(): Promise<void>;
}

export interface QihuHarnessOptions {
  store: TicketStore;
  /** How many dispatchers to run (0: none). Default 1. */
  dispatchers?: number;
  dispatcher?: Partial<DispatcherOptions>;
  backend?: Partial<RoutingBackendOptions>;
  replayGuard?: ReplayGuard;
  requireRole?: (role: 'admin') => RequestHandler;
  maxBodyBytes?: number;
  /** Mount a global express.json({verify: captureRawBody}) before the routers, as src/http/app.ts
   * does. Default true. */
  globalJsonParser?: boolean;
}

export async function startQihu(opts: QihuHarnessOptions): Promise<QihuHarness> {
  const tables = loadTables();
  const service = createTicketService({ store: opts.store, ...tables });
  const app = express();
  if (opts.globalJsonParser ?? true) app.use(express.json({ limit: opts.maxBodyBytes ?? 64 * 1024, verify: captureRawBody }));
  app.use(
    createTicketRouter({
      ticketService: service,
      secret: TEST_SECRET,
      ...(opts.replayGuard ? { replayGuard: opts.replayGuard } : {}),
      ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    }),
  );
  app.use(
    createDeadLetterRouter({
      store: opts.store,
      requireRole: opts.requireRole ?? (() => (_req, _res, next) => next()),
    }),
  );
  app.use(jsonBodyErrorHandler);
  const qihu = await listen(app);

  const backend = createRoutingBackend({ secret: TEST_SECRET, qihuUrl: qihu.url, assignDelayMs: 50, ...opts.backend });
  const backendUrl = await backend.listen();

  const dispatchers: Dispatcher[] = [];
  for (let i = 0; i < (opts.dispatchers ?? 1); i++) {
    const d = createDispatcher({
      store: opts.store,
      backendUrl,
      secret: TEST_SECRET,
      consumer: `test-${i}`,
      pollIntervalMs: 20,
      requestTimeoutMs: 2000,
      leaseMs: 5000,
      retry: { baseMs: 20, capMs: 200 },
      ...opts.dispatcher,
    });
    d.start();
    dispatchers.push(d);
  }

  return {
    url: qihu.url,
    backend,
    backendUrl,
    store: opts.store,
    service,
    dispatchers,
    async close() {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await backend.close();
      await closeServer(qihu.server);
    },
  };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Signature headers of a status callback for `ticketId`, as the routing backend signs it. */
export function signCallback(
  secret: string,
  ticketId: string,
  body: string,
  opts: { nowMs?: number; eventId?: string } = {},
): Record<string, string> {
  const path = `/api/v1/tickets/${encodeURIComponent(ticketId)}/status`;
  return signRequest(secret, { method: 'POST', path, eventId: opts.eventId ?? `cb-${randomUUID()}`, body }, opts.nowMs ?? Date.now());
}

/** Signature headers of a delivery to the routing backend at `path`, as the dispatcher signs it. */
export function signDelivery(secret: string, path: string, body: string, opts: { nowMs?: number; eventId?: string } = {}): Record<string, string> {
  return signRequest(secret, { method: 'POST', path, eventId: opts.eventId ?? `d-${randomUUID()}`, body }, opts.nowMs ?? Date.now());
}
