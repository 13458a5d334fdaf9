/**
 * An open-loop load at a fixed rate, evenly spaced: each of `connections` keep-alive connections
 * sends one request every connections/rate seconds, the connections staggered across that interval.
 * Latency is counted from when a request was due, not from when it went out, so a request delayed
 * by a slow one before it counts its wait (no coordinated omission, as in wrk2).
 *
 * Why not autocannon's `overallRate`: it lets every connection send its whole per-second quota at the
 * start of each second, then pause; its latencies measure how fast a burst of them drains.
 */
import { connect, type Socket } from 'node:net';
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

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection on a raw socket: a prebuilt POST out, the status and a
 * Content-Length body in. node:http's client spends about as much CPU per request as the server
 * under test (measured: ~1 ms at 800 req/s), and on a two-core machine that CPU is taken from it.
 */
class RawConnection {
  private socket: Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { resolve: (status: number) => void; reject: (err: Error) => void } | undefined;

  constructor(private readonly url: URL) {}

  private open(): Socket {
    const socket = connect(Number(this.url.port), this.url.hostname);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    const fail = (err: Error) => {
      this.socket = undefined;
      this.buffered = Buffer.alloc(0);
      const p = this.pending;
      this.pending = undefined;
      p?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
    this.socket = socket;
    return socket;
  }

  post(body: string): Promise<number> {
    const bytes = Buffer.from(body);
    const head = `POST ${this.url.pathname} HTTP/1.1\r\nHost: ${this.url.host}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      (this.socket ?? this.open()).write(Buffer.concat([Buffer.from(head), bytes]));
    });
  }

  private received(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const end = this.buffered.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.buffered.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      // Every server measured here sends Content-Length; anything else is a broken exchange.
      this.socket?.destroy(new Error('response without Content-Length'));
      return;
    }
    const total = end + HEADER_END.length + Number(length[1]);
    if (this.buffered.length < total) return;
    this.buffered = this.buffered.subarray(total);
    const status = Number(head.slice(9, 12));
    if (/\r\nconnection:\s*close/i.test(head)) this.close();
    const p = this.pending;
    this.pending = undefined;
    p?.resolve(status);
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.removeAllListeners('close');
    socket?.destroy();
  }
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

  async function drive(c: number): Promise<void> {
    const connection = new RawConnection(url);
    const offset = (c * interval) / opts.connections;
    try {
      for (let k = 0; ; k++) {
        const due = start + offset + k * interval;
        if (due >= end) break;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        try {
          const status = await connection.post(opts.body(sent++));
          statuses[status] = (statuses[status] ?? 0) + 1;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - due);
      }
    } finally {
      connection.close();
    }
  }

  await Promise.all(Array.from({ length: opts.connections }, (_, c) => drive(c)));
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
