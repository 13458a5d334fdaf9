/**
 * The delivery fault scenario behind scripts/test-faults.ts (1,000 tickets) and the jest
 * reliability test (a few dozen): a private redis-server (AOF, appendfsync always), the reference
 * routing backend and qihu's HTTP callbacks in this process, two dispatcher child processes. While
 * tickets are filed through the ticket service:
 *   (a) the backend answers 500 for a while, then hangs longer than the request timeout for a while;
 *   (b) redis-server is killed with SIGKILL and restarted on the same port and directory — or, with
 *       `sentinel: true`, the master of a Sentinel group (test/support/redis-sentinel.ts) is
 *       SIGKILLed, the sentinels promote its replica, and the old master comes back as a replica;
 *   (c) dispatcher A is SIGKILLed while it holds entries in flight; B must reclaim them.
 * Then every accepted ticket (fileTicket resolved) must reach the backend exactly once after its
 * Idempotency-Key dedup.
 */
import { createRedisTicketStore, type RedisTicketStore } from '../../src/storage/redis/ticket-store';
import { CONSUMER_GROUP } from '../../src/storage/redis/keys';
import { createRedisReplayGuard } from '../../src/storage/redis/replay-guard';
import { createTicketService } from '../../src/tickets/service';
import { createRoutingBackend } from '../../src/routing-backend/app';
import { createTicketRouter } from '../../src/http/tickets-router';
import { jsonBodyErrorHandler } from '../../src/http-kit';
import express from 'express';
import type { RedisTarget } from '../../src/storage/redis/connect';
import { startRedisServer } from './redis-server';
import { startSentinelGroup } from './redis-sentinel';
import { startDispatcherChild, type DispatcherChild } from './children';
import { closeServer, listen, loadTables, ticketInput, TEST_SECRET } from './qihu';

export interface FaultScenarioOptions {
  tickets: number;
  /** Tickets filed per second. */
  rate: number;
  failForMs: number;
  hangForMs: number;
  /** How long a hung request is held (longer than requestTimeoutMs, so the dispatcher times out). */
  hangMs: number;
  redisDownMs: number;
  requestTimeoutMs: number;
  leaseMs: number;
  /** Give up waiting for deliveries after this long once filing is done. */
  settleTimeoutMs: number;
  /** Redis under Sentinel: the redis fault is a failover instead of a restart. */
  sentinel?: boolean;
  log: (line: string) => void;
}

/** The Redis a scenario runs on, and its fault. */
interface RedisUnderTest {
  target: RedisTarget;
  /** For the dispatcher children. */
  env: Record<string, string>;
  /** SIGKILL the (master) server and bring Redis back. */
  fault(): Promise<void>;
  stop(): Promise<void>;
}

async function startRedis(opts: FaultScenarioOptions, log: (m: string) => void): Promise<RedisUnderTest> {
  if (opts.sentinel) {
    const group = await startSentinelGroup();
    log(`redis-server master ${await group.masterPort()} and a replica (AOF, fsync always), sentinels on ${group.sentinelPorts.join(', ')}`);
    return {
      target: group.connection,
      env: group.env,
      async fault() {
        log('redis master: SIGKILL');
        const f = await group.killMaster();
        log(`sentinels promoted ${f.to} ${f.ms} ms after the kill`);
        await group.restartDown();
        log(`old master ${f.from} restarted: a replica of ${f.to} again`);
      },
      stop: () => group.stop(),
    };
  }
  const redis = await startRedisServer();
  log(`redis-server on port ${redis.port} (appendonly yes, appendfsync always, dir ${redis.dir})`);
  return {
    target: redis.url,
    env: { REDIS_URL: redis.url },
    async fault() {
      log('redis-server: SIGKILL');
      await redis.kill9();
      await sleep(opts.redisDownMs);
      await redis.restart();
      log(`redis-server restarted after ${opts.redisDownMs} ms (same port, same AOF)`);
    },
    stop: () => redis.stop(),
  };
}

export const FULL_SCENARIO: Omit<FaultScenarioOptions, 'log'> = {
  tickets: 1000,
  rate: 50,
  failForMs: 3000,
  hangForMs: 3000,
  hangMs: 1500,
  redisDownMs: 2000,
  requestTimeoutMs: 1000,
  leaseMs: 3000,
  settleTimeoutMs: 120_000,
};

/** The same faults on Redis under Sentinel, the master killed mid-run (npm run test:faults runs both). */
export const SENTINEL_SCENARIO: Omit<FaultScenarioOptions, 'log'> = { ...FULL_SCENARIO, tickets: 500, sentinel: true };

export interface FaultReport {
  /** What the redis fault was. */
  redis: 'restart' | 'sentinel failover';
  tickets: number;
  accepted: number;
  notAccepted: number;
  delivered: number;
  /** At the backend though fileTicket reported an error (Redis died between commit and reply). */
  deliveredButNotAccepted: number;
  duplicatesSuppressed: number;
  lost: number;
  duplicatedAtBackend: number;
  deadLetters: number;
  outboxLeft: number;
  /** Accepted tickets whose qihu state never left queued (delivery not recorded). */
  stillQueued: number;
  pendingAtKill: number;
  injectedFailures: number;
  injectedHangs: number;
  durationMs: number;
  ok: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFaultScenario(opts: FaultScenarioOptions): Promise<FaultReport> {
  const t0 = Date.now();
  const log = (m: string) => opts.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${m}`);
  const redis = await startRedis(opts, log);
  const cleanups: (() => Promise<void>)[] = [async () => redis.stop()];
  let store: RedisTicketStore | undefined;
  try {
    // Under Sentinel, a ticket is acknowledged once the replica holds it (as qihu does).
    store = await createRedisTicketStore({ url: redis.target, onError: () => {}, ...(opts.sentinel ? { waitReplicas: 1, waitTimeoutMs: 500 } : {}) });
    const s = store;
    cleanups.unshift(() => s.close());
    const service = createTicketService({ store: s, ...loadTables() });

    // qihu's HTTP side, for the backend's status callbacks
    const app = express();
    app.use(createTicketRouter({ ticketService: service, secret: TEST_SECRET, replayGuard: createRedisReplayGuard(s.client) }));
    app.use(jsonBodyErrorHandler);
    const qihu = await listen(app);
    cleanups.unshift(() => closeServer(qihu.server));

    const backend = createRoutingBackend({ secret: TEST_SECRET, qihuUrl: qihu.url, assignDelayMs: 200 });
    const backendUrl = await backend.listen();
    cleanups.unshift(() => backend.close());
    log(`reference routing backend on ${backendUrl}; qihu callbacks on ${qihu.url}`);

    const childEnv = (consumer: string) => ({
      ...redis.env,
      BACKEND_URL: backendUrl,
      ROUTING_SECRET: TEST_SECRET,
      CONSUMER: consumer,
      REQUEST_TIMEOUT_MS: String(opts.requestTimeoutMs),
      LEASE_MS: String(opts.leaseMs),
      RETRY_BASE_MS: '50',
      RETRY_CAP_MS: '2000',
    });
    const [a, b] = await Promise.all([startDispatcherChild(childEnv('dispatcher-A')), startDispatcherChild(childEnv('dispatcher-B'))]);
    const children: DispatcherChild[] = [a, b];
    cleanups.unshift(async () => {
      await Promise.all(children.map((c) => c.stop()));
    });
    log(`dispatchers A (pid ${a.process.pid}) and B (pid ${b.process.pid}) started; request timeout ${opts.requestTimeoutMs} ms, lease ${opts.leaseMs} ms`);

    // ------------------------------------------------------------ faults, triggered by progress
    let pendingAtKill = 0;
    const faultTasks: Promise<void>[] = [];
    const triggers: { at: number; name: string; run: () => Promise<void> }[] = [
      {
        at: 0.15,
        name: 'backend 500',
        run: async () => {
          log(`backend answers 500 for ${opts.failForMs} ms`);
          backend.setFaults({ failForMs: opts.failForMs, failStatus: 500 });
        },
      },
      {
        at: 0.4,
        name: 'backend hang',
        run: async () => {
          log(`backend holds every request ${opts.hangMs} ms (> timeout) for ${opts.hangForMs} ms`);
          backend.setFaults({ hangForMs: opts.hangForMs, hangMs: opts.hangMs });
        },
      },
      {
        at: 0.6,
        name: 'redis kill',
        run: () => redis.fault(),
      },
      {
        at: 0.8,
        name: 'dispatcher kill',
        run: async () => {
          // Make sure A is mid-delivery: hold the next requests, then kill it while they hang.
          backend.setFaults({ hangNext: 40, hangMs: opts.hangMs });
          const deadline = Date.now() + 5_000;
          for (;;) {
            const p = await s.client.xPending(s.keys.outbox, CONSUMER_GROUP).catch(() => undefined);
            const mine = p?.consumers?.find((c) => String(c.name) === 'dispatcher-A')?.deliveriesCounter ?? 0;
            if (mine >= 5 || Date.now() > deadline) {
              pendingAtKill = mine;
              break;
            }
            await sleep(20);
          }
          await a.kill9();
          log(`dispatcher A: SIGKILL with ${pendingAtKill} entries in flight; B must reclaim them after the lease`);
        },
      },
    ];

    // ------------------------------------------------------------ filing
    const accepted = new Set<string>();
    let notAccepted = 0;
    const submissions: Promise<void>[] = [];
    const start = Date.now();
    log(`filing ${opts.tickets} tickets at ${opts.rate}/s through the ticket service`);
    for (let i = 1; i <= opts.tickets; i++) {
      const due = start + ((i - 1) * 1000) / opts.rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const progress = i / opts.tickets;
      while (triggers.length > 0 && (triggers[0]?.at ?? 1) <= progress) {
        const t = triggers.shift();
        if (t) faultTasks.push(t.run().catch((err: unknown) => log(`fault ${t.name} failed: ${String(err)}`)));
      }
      submissions.push(
        service
          .fileTicket(ticketInput(i, { idempotencyKey: `fault-${t0}-${i}` }))
          .then((r) => {
            if (r.ok) accepted.add(r.ticket.id);
            else {
              notAccepted++;
              log(`ticket ${i} rejected: ${r.issues.map((x) => x.code).join(',')}`);
            }
          })
          .catch(() => {
            notAccepted++;
          }),
      );
    }
    await Promise.all(submissions);
    await Promise.all(faultTasks);
    log(`filing done: ${accepted.size} accepted, ${notAccepted} not accepted (the caller saw an error)`);

    // ------------------------------------------------------------ wait for delivery
    backend.setFaults({ clear: true });
    const settleDeadline = Date.now() + opts.settleTimeoutMs;
    let outboxLeft = -1;
    for (;;) {
      const at = new Set(backend.tickets().map((t) => t.id));
      const missing = [...accepted].filter((id) => !at.has(id)).length;
      outboxLeft = await s.outboxSize().catch(() => -1);
      if ((missing === 0 && outboxLeft === 0) || Date.now() > settleDeadline) break;
      await sleep(250);
    }
    log('delivery settled');

    // ------------------------------------------------------------ report
    const backendTickets = backend.tickets();
    const ids = backendTickets.map((t) => t.id);
    const duplicatedAtBackend = ids.length - new Set(ids).size;
    const atBackend = new Set(ids);
    const delivered = [...accepted].filter((id) => atBackend.has(id)).length;
    const deadLetters = (await s.listDeadLetters()).length;
    let stillQueued = 0;
    const statuses = new Map<string, number>();
    for (const id of accepted) {
      const st = await s.getState(id);
      const status = st?.status ?? 'missing';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (!st || st.status === 'queued') stillQueued++;
    }
    log(`qihu states of accepted tickets: ${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const stats = backend.stats();
    const report: FaultReport = {
      redis: opts.sentinel ? 'sentinel failover' : 'restart',
      tickets: opts.tickets,
      accepted: accepted.size,
      notAccepted,
      delivered,
      deliveredButNotAccepted: ids.filter((id) => !accepted.has(id)).length,
      duplicatesSuppressed: stats.duplicatesSuppressed,
      lost: accepted.size - delivered,
      duplicatedAtBackend,
      deadLetters,
      outboxLeft,
      stillQueued,
      pendingAtKill,
      injectedFailures: stats.injectedFailures,
      injectedHangs: stats.injectedHangs,
      durationMs: Date.now() - t0,
      ok: false,
    };
    report.ok = report.lost === 0 && duplicatedAtBackend === 0 && deadLetters === 0 && outboxLeft === 0 && stillQueued === 0 && report.accepted > 0;
    return report;
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
  }
}

export function formatReport(r: FaultReport): string {
  const row = (k: string, v: number | string, note = '') => `  ${k.padEnd(28)}${String(v).padStart(7)}${note ? `   ${note}` : ''}`;
  return [
    `delivery fault test result (redis: ${r.redis})`,
    row('tickets filed', r.tickets),
    row('accepted', r.accepted, 'fileTicket resolved'),
    row('not accepted', r.notAccepted, 'fileTicket failed (Redis down): the caller saw an error'),
    row('delivered', r.delivered, 'accepted tickets present at the backend'),
    row('delivered, not accepted', r.deliveredButNotAccepted, 'committed, but the reply was lost with Redis'),
    row('duplicates suppressed', r.duplicatesSuppressed, 'repeat deliveries dropped by Idempotency-Key'),
    row('lost', r.lost, 'accepted but never delivered'),
    row('duplicated after dedup', r.duplicatedAtBackend),
    row('dead letters', r.deadLetters),
    row('outbox left', r.outboxLeft),
    row('still queued in qihu', r.stillQueued, 'accepted, delivery not recorded in the state'),
    row('in flight at dispatcher kill', r.pendingAtKill, 'reclaimed by the other dispatcher'),
    row('injected 500s', r.injectedFailures),
    row('injected hangs', r.injectedHangs),
    row('duration (s)', (r.durationMs / 1000).toFixed(1)),
    `RESULT: ${r.ok ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}
