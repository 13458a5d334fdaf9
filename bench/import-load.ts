/**
 * Chat latency while an editor imports a large workbook:
 *   npm run bench:import -- [--rows 100000] [--duration 10] [--rate 100] [--mode load|in-thread|worker]… [--json]
 *
 * One qihu (startQihu on the embedded default, no Redis) answers POST /api/v1/chat with the
 * benchmark's ≥5,000-entry knowledge base. The editor's import route (createEditorRouter, its real
 * code, on a file knowledge store seeded from knowledge-base/) is mounted in the same process, so an
 * import shares the chat's event loop as it does in production; only the editor's login is a
 * stand-in. Each mode runs the chat at a fixed rate (an open loop, bench/lib/paced-load.ts, in a
 * process of its own) twice: alone, then while dry-run imports of an N-row workbook follow one
 * another for the whole run. Each run also reports the main thread's event-loop utilisation (the
 * share of time it ran code), its delay and its longest garbage-collection pause (perf_hooks); delay
 * and pauses are watched until the last import has answered, a little past the chat's run.
 *
 * Modes (the xlsx importer the route uses):
 * - load: before the change: exceljs loads the whole workbook on the main thread (bench/lib/legacy-xlsx.ts);
 * - in-thread: the streamed, capped reader, still on the main thread;
 * - worker: what the server does: read and mapped in a worker thread (src/kb/import/off-thread.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { mark } from '../src/auth/markers';
import type { Role } from '../src/auth/tokens';
import { loadConfig } from '../src/config';
import { createEditorRouter, EDITOR_PREFIX, type Importer } from '../src/http/editor-router';
import { importXlsx } from '../src/kb/import';
import { createFileKbStore } from '../src/storage';
import { silentLogger } from '../src/log';
import { startQihu } from '../src/server';
import { writeFaqWorkbook } from '../test/support/big-xlsx';
import { importXlsxLoaded } from './lib/legacy-xlsx';
import { runLoad, type LoadResult } from './lib/load-generator';
import { sampleKbDir } from './lib/paths';
import { ms, table } from './lib/stats';
import { buildWorkload } from './lib/workload';

const MODES = ['load', 'in-thread', 'worker'] as const;
type Mode = (typeof MODES)[number];

const Args = z.object({
  rows: z.coerce.number().int().min(1000).max(1_000_000).default(100_000),
  duration: z.coerce.number().int().min(3).max(120).default(10),
  rate: z.coerce.number().int().min(10).max(2000).default(100),
  connections: z.coerce.number().int().min(1).max(200).default(10),
  mode: z.array(z.enum(MODES)).default([...MODES]),
  json: z.boolean().default(false),
});
const USAGE = 'usage: npm run bench:import -- [--rows N] [--duration S] [--rate R] [--connections C] [--mode load|in-thread|worker]… [--json]';

function parseCli(argv: string[]): z.infer<typeof Args> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        rows: { type: 'string' },
        duration: { type: 'string' },
        rate: { type: 'string' },
        connections: { type: 'string' },
        mode: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
      strict: true,
    });
    return Args.parse(values);
  } catch (err) {
    const message = err instanceof z.ZodError ? err.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ') : (err as Error).message;
    console.error(`bench:import: ${message}\n${USAGE}`);
    process.exit(2);
  }
}

/** The editor's login is not what is measured: any request is the editor "bench". */
const benchRole = (role: Role): RequestHandler =>
  mark<RequestHandler>(
    (_req, res, next) => {
      res.locals.principal = { name: 'bench', role: 'editor' };
      next();
    },
    { kind: 'role', role },
  );

const statusText = (r: LoadResult) =>
  Object.entries(r.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${code}×${n}`)
    .concat(r.errors ? [`${r.errors} errors`] : [])
    .join(' ');

interface Run {
  chat: LoadResult;
  /** The main thread's event-loop utilisation over the chat run: the share of time it was running code. */
  busy: number;
  /** The longest garbage-collection pause of the main thread, ms (until the last import ended). */
  gcMax: number;
  /** Event-loop delay over the run, ms (until the last import ended). */
  loopP99: number;
  loopMax: number;
  imports: { count: number; meanMs: number; statuses: Record<string, number>; accepted: number | undefined };
}

async function main(): Promise<number> {
  const args = parseCli(process.argv.slice(2));
  const say = (line: string) => {
    if (!args.json) console.log(line);
  };
  const dir = mkdtempSync(join(tmpdir(), 'qihu-bench-import-'));
  try {
    say(`qihu import-load bench: node ${process.version}, ${os.cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(2)} at start`);
    const workload = buildWorkload(650, 12345);
    const file = join(dir, 'faq.xlsx');
    let t0 = performance.now();
    await writeFaqWorkbook(file, args.rows);
    const bytes = readFileSync(file);
    say(`workbook: ${args.rows.toLocaleString('en-US')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB (written in ${ms(performance.now() - t0)})`);

    let mode: Mode = 'worker';
    const store = await createFileKbStore({ dir: join(dir, 'kb-store') });
    await store.seedIfEmpty(sampleKbDir);
    const xlsx: Importer = (b, o) => (mode === 'load' ? importXlsxLoaded(b, o) : importXlsx(b, o));
    const editor = createEditorRouter({ store, requireRole: benchRole, maxImportBytes: 64 * 1024 * 1024 });
    const legacyEditor = createEditorRouter({ store, requireRole: benchRole, maxImportBytes: 64 * 1024 * 1024, importers: { xlsx } });
    const config = loadConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_SESSION: '1000' });
    // Two prefixes of the same route code: the real importers, and the main-thread ones.
    const { Router } = await import('express');
    const mount = Router();
    mount.use('/worker', editor);
    mount.use('/main', legacyEditor);
    const qihu = await startQihu(config, silentLogger, { knowledgeBase: workload.kb.kb, chatPage: false, routers: [mount] });
    const chatUrl = `${qihu.url}/api/v1/chat`;
    const importUrl = (m: Mode) => `${qihu.url}/${m === 'worker' ? 'worker' : 'main'}${EDITOR_PREFIX}/import?from=xlsx&dryRun=true&source=bench.xlsx`;
    const chat = (prefix: string) =>
      runLoad({
        url: chatUrl,
        connections: args.connections,
        durationS: args.duration,
        rate: args.rate,
        chat: { questions: workload.questions.map((q) => q.text), sessionPrefix: prefix, sessions: 20_000 },
      });

    const measure = async (label: string, withImports: boolean): Promise<Run> => {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const elu = performance.eventLoopUtilization();
      let gcMax = 0;
      const gc = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration);
      });
      gc.observe({ entryTypes: ['gc'] });
      let stop = false;
      const times: number[] = [];
      const statuses: Record<string, number> = {};
      let accepted: number | undefined;
      const importing = (async () => {
        while (withImports && !stop) {
          const t = performance.now();
          const res = await fetch(importUrl(mode), { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
          const body = (await res.json()) as { accepted?: number };
          times.push(performance.now() - t);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          accepted = body.accepted ?? accepted;
        }
      })();
      const result = await chat(label);
      const busy = performance.eventLoopUtilization(elu).utilization;
      stop = true;
      await importing;
      delay.disable();
      gc.disconnect();
      return {
        chat: result,
        busy,
        gcMax,
        loopP99: delay.percentile(99) / 1e6,
        loopMax: delay.max / 1e6,
        imports: { count: times.length, meanMs: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0, statuses, accepted },
      };
    };

    // Warm-up: JIT, connections, and the engine's answer cache for exactly the questions every run
    // asks (the same sequence each time), so that no run pays for a cold cache the others skip.
    t0 = performance.now();
    await chat('warm');
    say(`warm-up ${ms(performance.now() - t0)}; chat at ${args.rate} req/s over ${args.connections} connections, ${args.duration} s a run\n`);

    const results: { mode: Mode; alone: Run; during: Run }[] = [];
    for (const m of args.mode) {
      mode = m;
      const alone = await measure(`${m}-alone`, false);
      const during = await measure(`${m}-import`, true);
      results.push({ mode: m, alone, during });
      say(`${m}: alone p99 ${ms(alone.chat.p99)}, during imports p99 ${ms(during.chat.p99)} (${during.imports.count} imports, ${ms(during.imports.meanMs)} each)`);
    }
    await qihu.close();
    await store.close();

    const rows = [['importer', 'run', 'chat p50', 'p90', 'p99', 'max', 'req', 'non-2xx', 'loop busy', 'loop p99', 'loop max', 'gc max', 'imports', 'import time', 'accepted']];
    for (const r of results) {
      for (const [run, x] of [
        ['alone', r.alone],
        ['importing', r.during],
      ] as const) {
        rows.push([
          r.mode,
          run,
          ms(x.chat.p50),
          ms(x.chat.p90),
          ms(x.chat.p99),
          ms(x.chat.max),
          String(x.chat.requests),
          x.chat.non2xx + x.chat.errors ? `${x.chat.non2xx + x.chat.errors} (${statusText(x.chat)})` : '0',
          `${Math.round(x.busy * 100)}%`,
          ms(x.loopP99),
          ms(x.loopMax),
          ms(x.gcMax),
          run === 'alone' ? '' : `${x.imports.count} (${Object.entries(x.imports.statuses).map(([s, n]) => `${s}×${n}`).join(' ')})`,
          run === 'alone' ? '' : ms(x.imports.meanMs),
          run === 'alone' ? '' : String(x.imports.accepted ?? '-'),
        ]);
      }
    }
    if (args.json) console.log(JSON.stringify({ rows: args.rows, rate: args.rate, durationS: args.duration, loadAverage: loadavg()[0], results }, null, 2));
    else {
      say('\n' + table(rows));
      say(`\nload average ${loadavg()[0]?.toFixed(2)} at the end (a shared machine's other work shows in every column)`);
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
