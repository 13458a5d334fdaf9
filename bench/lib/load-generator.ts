/**
 * The HTTP benchmarks' load generator, run as its own process (`node --import tsx
 * bench/lib/load-generator.ts`, the spec as JSON on stdin, the summary as JSON on stdout) so that it
 * never shares the server's JavaScript thread. It imports only what it runs: a generator that loaded
 * the server's modules spent seconds of CPU starting up, on the machine it was measuring.
 *
 * Two modes: autocannon as fast as `connections` go (closed loop), or `rate` requests per second
 * evenly paced (paced-load.ts, an open loop for latency at a given throughput).
 */
import { spawn } from 'node:child_process';
import type { Result } from 'autocannon';
import { pacedLoad, type LoadSummary } from './paced-load';

/** What the generator is asked to run. */
export interface LoadSpec {
  url: string;
  connections: number;
  durationS: number;
  /** Requests per second over all connections, evenly paced; unset: autocannon as fast as possible. */
  rate?: number;
  /** POST JSON bodies: {sessionId, text} from these questions and session ids, or a fixed body. */
  chat?: { questions: string[]; sessionPrefix: string; sessions: number };
  body?: unknown;
}

export interface LoadResult extends LoadSummary {
  /** CPU time (user + system) the generator used while it sent, in ms (its start-up excluded). */
  generatorCpuMs: number;
}

function summarise(r: Result): LoadSummary {
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = s.count ?? 0;
  return {
    rps: r.requests.average,
    requests: r.requests.total,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    statuses,
  };
}

/** The i-th request's body: the chat spec's sessions (scrambled, so a session's turns are spread out) and questions, or the fixed body. */
function bodyMaker(spec: LoadSpec): (i: number) => string {
  const chat = spec.chat;
  if (!chat) {
    const fixed = JSON.stringify(spec.body ?? {});
    return () => fixed;
  }
  return (i) => {
    const session = (i * 7919) % chat.sessions;
    const text = chat.questions[(i * 31) % chat.questions.length] ?? '你好';
    return JSON.stringify({ sessionId: `bench-${chat.sessionPrefix}-${String(session).padStart(6, '0')}`, text });
  };
}

async function generate(spec: LoadSpec): Promise<LoadResult> {
  const body = bodyMaker(spec);
  const rate = spec.rate;
  const autocannon = rate ? undefined : (await import('autocannon')).default;
  const cpuBefore = process.cpuUsage();
  let n = 0;
  const summary = autocannon
    ? summarise(
        await autocannon({
          url: spec.url,
          connections: spec.connections,
          duration: spec.durationS,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          requests: [{ setupRequest: (req) => ({ ...req, body: body(n++) }) }],
        }),
      )
    : await pacedLoad({ url: spec.url, connections: spec.connections, rate: rate ?? 1, durationS: spec.durationS, body });
  const cpu = process.cpuUsage(cpuBefore);
  return { ...summary, generatorCpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

/** Parent side: one load run in a generator process. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The spec (with its questions) goes through stdin: too big for argv.
    const child = spawn(process.execPath, ['--import', 'tsx', __filename], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify(spec));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadResult);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  readStdin()
    .then(async (text) => process.stdout.write(JSON.stringify(await generate(JSON.parse(text) as LoadSpec)) + '\n'))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
