/**
 * The engine on its own, in this process: index build time, memory after build, and per-question
 * latency of `engine.ask`. Node runs JavaScript on one core, so this is single-core throughput.
 */
import { createEngine } from '../../src/engine';
import type { DecisionKind, Engine } from '../../src/engine/types';
import { gc, gcAvailable } from '../lib/gc';
import { check, type Section } from '../lib/section';
import { mb, median, ms, percentile } from '../lib/stats';
import type { QuestionKind } from '../lib/workload';

export const TARGETS = { buildMs: 2000, p99Ms: 10, rssBytes: 300 * 1024 * 1024 };

export const engineSection: Section = {
  name: 'engine',
  async run(workload, options) {
    const { kb } = workload.kb;
    gc();
    const before = process.memoryUsage();

    const builds: number[] = [];
    // Held in an object so the previous engine can be dropped before the next build.
    const held: { engine?: Engine } = {};
    let after: NodeJS.MemoryUsage | undefined;
    for (let i = 0; i < options.buildRuns; i++) {
      held.engine = undefined;
      gc(); // a previous index must not be collected during the next build's timing
      const t0 = performance.now();
      held.engine = createEngine(kb);
      builds.push(performance.now() - t0);
      if (i === 0) {
        // Memory is taken after the first build: a server holds one engine, and the extra timing
        // builds may leave native memory behind that would be charged to it.
        gc();
        after = process.memoryUsage();
      }
    }
    const { engine } = held;
    if (!engine || !after) throw new Error('buildRuns must be at least 1');

    for (const q of workload.warmup) engine.ask(q.text);
    gc(); // start the timed pass with a clean heap, not with the build's and warm-up's garbage
    const times: number[] = [];
    const byKind = new Map<QuestionKind, { times: number[]; decisions: Record<DecisionKind, number> }>();
    for (const q of workload.questions) {
      const t0 = performance.now();
      const decision = engine.ask(q.text);
      const elapsed = performance.now() - t0;
      times.push(elapsed);
      const k = byKind.get(q.kind) ?? { times: [], decisions: { answer: 0, clarify: 0, handoff: 0 } };
      k.times.push(elapsed);
      k.decisions[decision.kind]++;
      byKind.set(q.kind, k);
    }
    const peakRss = process.resourceUsage().maxRSS * 1024;

    const buildMs = median(builds);
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    const rows: [string, string][] = [
      ['entries', String(engine.size)],
      ['index build (createEngine), median', `${ms(buildMs)}  (runs in order: ${builds.map(ms).join(', ')}; the first is cold)`],
      ['RSS before build / after first build', `${mb(before.rss)} / ${mb(after.rss)}${gcAvailable ? '' : ' (no gc handle: includes garbage)'}`],
      ['heap used before / after build', `${mb(before.heapUsed)} / ${mb(after.heapUsed)}`],
      ['peak RSS (whole run, all builds)', mb(peakRss)],
      ['questions timed (after warm-up)', `${times.length} (warm-up ${workload.warmup.length})`],
      ['latency p50 / p99 / max', `${ms(p50)} / ${ms(p99)} / ${ms(Math.max(...times))}`],
      ['throughput, one core', `${Math.round(1000 / (times.reduce((a, b) => a + b, 0) / times.length))} questions/s`],
    ];
    for (const [kind, k] of byKind) {
      const d = k.decisions;
      rows.push([
        `  ${kind} (${k.times.length})`,
        `p50 ${ms(percentile(k.times, 50))}  p99 ${ms(percentile(k.times, 99))}  answer ${d.answer} / clarify ${d.clarify} / handoff ${d.handoff}`,
      ]);
    }
    return {
      name: 'engine',
      rows,
      checks: [
        check('index build ≤ 2 s', buildMs, 'ms', TARGETS.buildMs),
        check('p99 latency ≤ 10 ms', p99, 'ms', TARGETS.p99Ms),
        check('RSS after build ≤ 300 MB', after.rss, 'bytes', TARGETS.rssBytes),
      ],
      data: {
        entries: engine.size,
        buildMs: { median: buildMs, cold: builds[0], runs: builds },
        memory: { before: { rss: before.rss, heapUsed: before.heapUsed }, afterBuild: { rss: after.rss, heapUsed: after.heapUsed }, peakRss },
        latencyMs: { p50, p99, max: Math.max(...times), count: times.length, warmup: workload.warmup.length },
        byKind: Object.fromEntries(
          [...byKind].map(([kind, k]) => [kind, { count: k.times.length, p50: percentile(k.times, 50), p99: percentile(k.times, 99), decisions: k.decisions }]),
        ),
      },
    };
  },
};
