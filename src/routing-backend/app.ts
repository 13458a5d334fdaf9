/**
 * A reference routing backend: what qihu's dispatcher talks to when no real one is configured, and
 * the counterpart in tests and the fault script.
 *
 *   POST /api/v1/tickets              signed ticket (401 bad/stale signature, 400 no Idempotency-Key,
 *                                     422 not a qihu.ticket/v1); a repeated Idempotency-Key is
 *                                     answered 200 and counted in duplicatesSuppressed
 *   GET  /api/v1/tickets              every ticket received, with counters (signed, empty body)
 *   GET  /api/v1/tickets/:id          one ticket (signed, empty body)
 *   POST /api/v1/tickets/:id/rating   signed rating of the handling
 *   POST /api/v1/tickets/:id/resolve  demo: resolve with {answer} (or reject with {reason}), signed
 *   POST /api/v1/admin/faults         failure injection (see Faults), signed
 *
 * Every route needs the shared secret, and it listens on loopback only.
 *
 * Each new ticket is assigned to triage.department; qihu hears of it through signed callbacks to
 * <qihuUrl>/api/v1/tickets/:id/status: received at once, assigned after assignDelayMs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import {
  Ticket,
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  requestPath,
  signRequest,
  verifySignature,
  backoffDelay,
  type StatusUpdate,
} from '../tickets';
import { randomUUID } from 'node:crypto';
import { zodIssues } from '../util';

/** The only hosts the reference backend listens on. */
const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export const Faults = z.strictObject({
  /** Answer the next N ticket/rating POSTs with failStatus. */
  failNext: z.number().int().min(0).optional(),
  /** Answer every ticket/rating POST with failStatus for this long from now. */
  failForMs: z.number().int().min(0).optional(),
  failStatus: z.number().int().min(400).max(599).optional(),
  /** Hold the next N POSTs for hangMs before handling them. */
  hangNext: z.number().int().min(0).optional(),
  /** Hold every POST for hangMs during this long from now. */
  hangForMs: z.number().int().min(0).optional(),
  hangMs: z.number().int().min(0).max(600_000).optional(),
  /** Clear every fault. */
  clear: z.boolean().optional(),
});
export type Faults = z.infer<typeof Faults>;

export const RatingBody = z.strictObject({
  ticketId: z.string(),
  score: z.number().int().min(1).max(5),
  comment: z.string().max(1000).optional(),
  at: z.string(),
});

const ResolveBody = z.union([
  z.strictObject({ answer: z.string().trim().min(1).max(8000) }),
  z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
]);

export interface BackendTicket {
  id: string;
  receivedAt: string;
  department: string;
  status: StatusUpdate['status'];
  /** Times this ticket was posted, duplicates included. */
  deliveries: number;
  ticket: Ticket;
  rating?: z.infer<typeof RatingBody>;
}

export interface BackendStats {
  received: number;
  duplicatesSuppressed: number;
  badSignatures: number;
  injectedFailures: number;
  injectedHangs: number;
  callbacksSent: number;
  callbacksFailed: number;
}

export interface RoutingBackendOptions {
  secret: string;
  /** Where qihu listens (callbacks go to <qihuUrl>/api/v1/tickets/:id/status); unset: no callbacks. */
  qihuUrl?: string;
  /** Delay between received and assigned. Default 500 ms. */
  assignDelayMs?: number;
  /** Largest request body. Default 1 MB. */
  maxBodyBytes?: number;
  /** Callback attempts before giving up. Default 8. */
  callbackAttempts?: number;
  callbackTimeoutMs?: number;
  faults?: Faults;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  /** Expose POST /api/v1/admin/faults and /resolve (tests, demos). Default true. */
  demoEndpoints?: boolean;
  log?: (message: string) => void;
}

export interface RoutingBackend {
  readonly app: express.Express;
  /** Listen (port 0 = any free port) and resolve with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  readonly url: string | undefined;
  setQihuUrl(url: string | undefined): void;
  setFaults(f: Faults): void;
  tickets(): BackendTicket[];
  stats(): BackendStats;
  /** Resolve (answer) or reject (reason) a ticket and tell qihu. false if unknown. */
  resolve(id: string, outcome: { answer: string } | { reason: string }): boolean;
  /** Resolves when every callback queued so far has been sent or given up. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Raw = Request & { body: Buffer };

export function createRoutingBackend(opts: RoutingBackendOptions): RoutingBackend {
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const assignDelayMs = opts.assignDelayMs ?? 500;
  const callbackAttempts = opts.callbackAttempts ?? 8;
  const callbackTimeoutMs = opts.callbackTimeoutMs ?? 5000;
  const log = opts.log ?? (() => {});
  let qihuUrl = opts.qihuUrl;
  let url: string | undefined;
  let server: Server | undefined;
  let closed = false;

  const byKey = new Map<string, string>(); // idempotency key → ticket id (or rating key → ticket id)
  const tickets = new Map<string, BackendTicket>();
  const stats: BackendStats = {
    received: 0,
    duplicatesSuppressed: 0,
    badSignatures: 0,
    injectedFailures: 0,
    injectedHangs: 0,
    callbacksSent: 0,
    callbacksFailed: 0,
  };

  // ---------------------------------------------------------------- faults
  let failNext = 0;
  let failUntil = 0;
  let failStatus = 500;
  let hangNext = 0;
  let hangUntil = 0;
  let hangMs = 0;
  function setFaults(input: Faults): void {
    const f = Faults.parse(input);
    if (f.clear) {
      failNext = hangNext = failUntil = hangUntil = 0;
    }
    if (f.failNext !== undefined) failNext = f.failNext;
    if (f.failForMs !== undefined) failUntil = now() + f.failForMs;
    if (f.failStatus !== undefined) failStatus = f.failStatus;
    if (f.hangNext !== undefined) hangNext = f.hangNext;
    if (f.hangForMs !== undefined) hangUntil = now() + f.hangForMs;
    if (f.hangMs !== undefined) hangMs = f.hangMs;
  }
  if (opts.faults) setFaults(opts.faults);

  // ---------------------------------------------------------------- timers (all cancelled on close)
  const timers = new Set<NodeJS.Timeout>();
  const wakers = new Set<() => void>();
  function delay(ms: number): Promise<void> {
    if (closed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        wakers.delete(resolve);
        resolve();
      }, ms);
      timers.add(t);
      wakers.add(resolve);
    });
  }

  async function injectFaults(req: Request, res: Response, next: NextFunction): Promise<void> {
    const t = now();
    if (hangNext > 0 || t < hangUntil) {
      if (hangNext > 0) hangNext--;
      stats.injectedHangs++;
      await delay(hangMs);
      // Like a slow real backend, finish the work even if the client gave up waiting: its retry
      // is then a duplicate that the Idempotency-Key check suppresses.
      if (closed) return;
    }
    if (failNext > 0 || now() < failUntil) {
      if (failNext > 0) failNext--;
      stats.injectedFailures++;
      res.status(failStatus).json({ error: 'injected_failure' });
      return;
    }
    next();
  }

  // ---------------------------------------------------------------- callbacks to qihu
  const chains = new Map<string, Promise<void>>(); // per ticket, so statuses arrive in order
  /** Queue a callback; per ticket they are sent in order, each retried until it lands. */
  function queueCallback(id: string, update: StatusUpdate): void {
    if (!qihuUrl) return;
    const prev = chains.get(id) ?? Promise.resolve();
    const next = prev.then(() => (closed ? undefined : sendCallback(id, update)));
    chains.set(id, next);
    void next.finally(() => {
      if (chains.get(id) === next) chains.delete(id);
    });
  }

  async function sendCallback(id: string, update: StatusUpdate): Promise<void> {
    const base = qihuUrl;
    if (!base) return;
    const target = `${base.replace(/\/+$/, '')}/api/v1/tickets/${encodeURIComponent(id)}/status`;
    const body = JSON.stringify(update);
    // One event, however many tries: qihu applies it once and answers a repeat as done.
    const request = { method: 'POST', path: new URL(target).pathname, eventId: `cb-${randomUUID()}`, body };
    for (let attempt = 0; attempt < callbackAttempts && !closed; attempt++) {
      try {
        const res = await doFetch(target, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8', ...signRequest(opts.secret, request, now()) },
          body,
          signal: AbortSignal.timeout(callbackTimeoutMs),
        });
        await res.arrayBuffer();
        if (res.ok) {
          stats.callbacksSent++;
          return;
        }
        // A refused signature (clocks apart, a secret being rotated) is tried again with back-off,
        // signed afresh; other refusals (an unknown ticket, a status it cannot take) are final.
        if (res.status < 500 && res.status !== 401 && res.status !== 408 && res.status !== 429) {
          log(`callback ${update.status} for ${id} refused: HTTP ${res.status}`);
          break;
        }
      } catch {
        // qihu unreachable: try again
      }
      await delay(backoffDelay(attempt, { baseMs: 1000, capMs: 30_000 }));
    }
    stats.callbacksFailed++;
  }

  /** Change a ticket's status (now, or after afterMs) and tell qihu. */
  function setStatus(t: BackendTicket, update: () => StatusUpdate, afterMs = 0): void {
    const apply = () => {
      if (closed) return;
      const u = update();
      t.status = u.status;
      queueCallback(t.id, u);
    };
    if (afterMs <= 0) return apply();
    const timer = setTimeout(() => {
      timers.delete(timer);
      apply();
    }, afterMs);
    timers.add(timer);
  }

  // ---------------------------------------------------------------- routes
  const app = express();
  app.disable('x-powered-by');
  const raw = express.raw({ type: () => true, limit: opts.maxBodyBytes ?? 1024 * 1024 });

  /** Whether the request carries a good signature; answers 401 when not. */
  function signed(req: Raw, res: Response): boolean {
    const v = verifySignature({
      secret: opts.secret,
      method: req.method,
      path: requestPath(req.originalUrl),
      eventId: req.get(EVENT_HEADER),
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      timestamp: req.get(TIMESTAMP_HEADER),
      signature: req.get(SIGNATURE_HEADER),
      nowMs: now(),
    });
    if (v.ok) return true;
    stats.badSignatures++;
    res.status(401).json({ error: 'bad_signature', reason: v.reason });
    return false;
  }

  /** The JSON of a signed request, or undefined after answering 401 or 400. */
  function verified(req: Raw, res: Response): unknown {
    if (!signed(req, res)) return undefined;
    try {
      return JSON.parse((req.body as Buffer).toString('utf8')) as unknown;
    } catch {
      res.status(400).json({ error: 'malformed_json' });
      return undefined;
    }
  }

  /** Reads (the list, one ticket) are signed too, with an empty body: they hold phone numbers and credit codes. */
  const signedRead = (req: Request, res: Response, next: NextFunction) => {
    if (signed(req as Raw, res)) next();
  };

  app.post('/api/v1/tickets', raw, injectFaults, (req, res) => {
    const data = verified(req as Raw, res);
    if (data === undefined) return;
    const key = req.get(IDEMPOTENCY_HEADER);
    if (!key || key.length > 200) {
      res.status(400).json({ error: 'idempotency_key_required' });
      return;
    }
    const seen = byKey.get(key);
    if (seen !== undefined) {
      stats.duplicatesSuppressed++;
      const t = tickets.get(seen);
      if (t) t.deliveries++;
      res.status(200).json({ id: seen, duplicate: true, status: t?.status });
      return;
    }
    const parsed = Ticket.safeParse(data);
    if (!parsed.success) {
      res.status(422).json({
        error: 'invalid_ticket',
        issues: zodIssues(parsed.error),
      });
      return;
    }
    const ticket = parsed.data;
    if (tickets.has(ticket.id)) {
      // Same id under another key: a different ticket claims a number already in use.
      res.status(409).json({ error: 'ticket_id_conflict', id: ticket.id });
      return;
    }
    const at = new Date(now()).toISOString();
    const t: BackendTicket = {
      id: ticket.id,
      receivedAt: at,
      department: ticket.triage.department,
      status: 'received',
      deliveries: 1,
      ticket,
    };
    byKey.set(key, ticket.id);
    tickets.set(ticket.id, t);
    stats.received++;
    res.status(201).json({ id: ticket.id, status: 'received' });
    setStatus(t, () => ({ status: 'received', at }));
    setStatus(t, () => ({ status: 'assigned', at: new Date(now()).toISOString(), department: t.department }), assignDelayMs);
  });

  app.get('/api/v1/tickets', signedRead, (_req, res) => {
    res.json({ count: tickets.size, ...stats, tickets: [...tickets.values()] });
  });

  app.get('/api/v1/tickets/:id', signedRead, (req, res) => {
    const t = tickets.get(String(req.params.id));
    if (!t) res.status(404).json({ error: 'not_found' });
    else res.json(t);
  });

  app.post('/api/v1/tickets/:id/rating', raw, injectFaults, (req, res) => {
    const data = verified(req as Raw, res);
    if (data === undefined) return;
    const key = req.get(IDEMPOTENCY_HEADER);
    if (!key) {
      res.status(400).json({ error: 'idempotency_key_required' });
      return;
    }
    if (byKey.has(key)) {
      stats.duplicatesSuppressed++;
      res.status(200).json({ duplicate: true });
      return;
    }
    const id = String(req.params.id);
    const r = RatingBody.safeParse(data);
    const t = tickets.get(id);
    if (!r.success || r.data.ticketId !== id) {
      res.status(422).json({ error: 'invalid_rating' });
      return;
    }
    if (!t) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    byKey.set(key, t.id);
    t.rating = r.data;
    res.status(201).json({ id: t.id, rated: true });
  });

  function resolve(id: string, outcome: { answer: string } | { reason: string }): boolean {
    const t = tickets.get(id);
    if (!t) return false;
    const at = new Date(now()).toISOString();
    if ('answer' in outcome) setStatus(t, () => ({ status: 'resolved', at, answer: outcome.answer }));
    else setStatus(t, () => ({ status: 'rejected', at, reason: outcome.reason }));
    return true;
  }

  if (opts.demoEndpoints ?? true) {
    app.post('/api/v1/tickets/:id/resolve', express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
      const data = verified(req as Raw, res);
      if (data === undefined) return;
      const b = ResolveBody.safeParse(data);
      if (!b.success) {
        res.status(400).json({ error: 'answer_or_reason_required' });
        return;
      }
      if (!resolve(req.params.id, b.data)) res.status(404).json({ error: 'not_found' });
      else res.json({ id: req.params.id, status: tickets.get(req.params.id)?.status });
    });
    app.post('/api/v1/admin/faults', express.raw({ type: () => true, limit: '4kb' }), (req, res) => {
      const data = verified(req as Raw, res);
      if (data === undefined) return;
      const f = Faults.safeParse(data);
      if (!f.success) {
        res.status(400).json({ error: 'invalid_faults' });
        return;
      }
      setFaults(f.data);
      res.json({ ok: true });
    });
  }

  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (err as { type?: unknown } | null)?.type;
    if (res.headersSent) return next(err);
    if (type === 'entity.too.large') res.status(413).json({ error: 'payload_too_large' });
    else if (type === 'entity.parse.failed') res.status(400).json({ error: 'malformed_json' });
    else res.status(500).json({ error: 'internal_error' });
  });

  return {
    app,
    get url() {
      return url;
    },
    listen(port = 0, host = '127.0.0.1') {
      // A reference backend, not a service: it holds contact data and resolves tickets on request.
      if (!LOOPBACK.has(host)) return Promise.reject(new Error(`the reference routing backend listens on loopback only, not ${host}`));
      return new Promise((resolveUrl, reject) => {
        const s = createServer(app);
        s.on('error', reject);
        s.listen(port, host, () => {
          server = s;
          const a = s.address() as AddressInfo;
          url = `http://${host}:${a.port}`;
          resolveUrl(url);
        });
      });
    },
    setQihuUrl(u) {
      qihuUrl = u;
    },
    setFaults,
    tickets: () => [...tickets.values()],
    stats: () => ({ ...stats }),
    resolve,
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const w of wakers) w();
      wakers.clear();
      const s = server;
      server = undefined;
      if (s)
        await new Promise<void>((r) => {
          s.close(() => r());
          s.closeAllConnections();
        });
    },
  };
}
