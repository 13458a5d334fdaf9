/**
 * An open-loop load at a fixed rate, evenly spaced: each of `connections` keep-alive connections
 * sends one request every connections/rate seconds, the connections staggered across that interval.
 * Latency is counted from when a request was due, not from when it went out, so a request delayed
 * by a slow one before it counts its wait (no coordinated omission, as in wrk2).
 *
 * Why not autocannon's `overallRate`: it lets every connection send its whole per-second quota at the
 * start of each second, then pause; its latencies measure how fast a burst of them drains.
 */
import { Agent, request } from 'node:http';
import { percentile } from './stats';

export interface PacedLoadOptions {
  url: string;
  connections: number;
  /** Requests per second over all connections. */
  rate: number;
  durationS: number;
  /** The JSON body of the i-th request. */
  body: (i: number) => string;
}

/** What a load run reports (autocannon's results are summarised to it too). Latencies in ms. */
export interface LoadSummary {
  rps: number;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, method: 'POST', host: url.hostname, port: url.port, path: url.pathname, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function pacedLoad(opts: PacedLoadOptions): Promise<LoadSummary> {
  const url = new URL(opts.url);
  const interval = (opts.connections * 1000) / opts.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  const start = performance.now() + 50;
  const end = start + opts.durationS * 1000;

  async function connection(c: number): Promise<void> {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const offset = (c * interval) / opts.connections;
    try {
      for (let k = 0; ; k++) {
        const due = start + offset + k * interval;
        if (due >= end) break;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        try {
          const status = await post(agent, url, opts.body(sent++));
          statuses[status] = (statuses[status] ?? 0) + 1;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - due);
      }
    } finally {
      agent.destroy();
    }
  }

  await Promise.all(Array.from({ length: opts.connections }, (_, c) => connection(c)));
  const requests = latencies.length - errors;
  const elapsedS = (performance.now() - start) / 1000;
  const non2xx = Object.entries(statuses).reduce((n, [code, count]) => (code.startsWith('2') ? n : n + count), 0);
  return {
    rps: requests / elapsedS,
    requests,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.reduce((m, v) => Math.max(m, v), 0),
    non2xx,
    errors,
    statuses,
  };
}
