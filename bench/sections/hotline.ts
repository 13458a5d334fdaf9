/**
 * The operator console's live suggestions, in this process: server time of `suggestAnswers`
 * (src/hotline/suggest.ts: engine.ask + engine.suggest, the field per candidate and five read-out
 * texts composed and converted to the caller's script) — what POST /api/v1/hotline/suggest spends
 * besides HTTP. Timed over the workload's questions as typed so far (a third, two thirds, whole)
 * and over traditional-script versions of them (read-outs converted back to traditional).
 */
import { convertScript, createEngine } from '../../src/engine';
import { suggestAnswers } from '../../src/hotline/suggest';
import { gc } from '../lib/gc';
import { check, type Section } from '../lib/section';
import { ms, percentile } from '../lib/stats';

export const TARGETS = { p99Ms: 50 };

type Variant = 'partial' | 'whole' | 'traditional';

export const hotlineSection: Section = {
  name: 'hotline',
  async run(workload) {
    const engine = createEngine(workload.kb.kb);
    const samples: { variant: Variant; text: string }[] = [];
    workload.questions.forEach((q, i) => {
      const chars = Array.from(q.text);
      if (chars.length >= 6) {
        samples.push({ variant: 'partial', text: chars.slice(0, Math.ceil(chars.length / 3)).join('') });
        samples.push({ variant: 'partial', text: chars.slice(0, Math.ceil((2 * chars.length) / 3)).join('') });
      }
      samples.push({ variant: 'whole', text: q.text });
      if (i % 4 === 0) samples.push({ variant: 'traditional', text: convertScript(q.text, 'traditional') });
    });
    for (const q of workload.warmup) {
      suggestAnswers(engine, q.text);
      suggestAnswers(engine, convertScript(q.text, 'traditional'));
    }
    gc();
    const times: number[] = [];
    const byVariant = new Map<Variant, number[]>();
    let suggestions = 0;
    for (const s of samples) {
      const t0 = performance.now();
      const r = suggestAnswers(engine, s.text);
      const elapsed = performance.now() - t0;
      suggestions += r.suggestions.length;
      times.push(elapsed);
      const list = byVariant.get(s.variant) ?? [];
      list.push(elapsed);
      byVariant.set(s.variant, list);
    }
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    const max = Math.max(...times);
    const rows: [string, string][] = [
      ['entries', String(engine.size)],
      ['texts timed (after warm-up)', `${times.length} (partial ${byVariant.get('partial')?.length ?? 0}, whole ${byVariant.get('whole')?.length ?? 0}, traditional ${byVariant.get('traditional')?.length ?? 0})`],
      ['suggestAnswers p50 / p99 / max', `${ms(p50)} / ${ms(p99)} / ${ms(max)}`],
      ['suggestions per text (mean)', (suggestions / times.length).toFixed(2)],
    ];
    for (const [variant, list] of byVariant) rows.push([`  ${variant} (${list.length})`, `p50 ${ms(percentile(list, 50))}  p99 ${ms(percentile(list, 99))}`]);
    return {
      name: 'hotline',
      rows,
      checks: [check('suggest p99 ≤ 50 ms', p99, 'ms', TARGETS.p99Ms)],
      data: {
        entries: engine.size,
        latencyMs: { p50, p99, max, count: times.length },
        byVariant: Object.fromEntries([...byVariant].map(([v, list]) => [v, { count: list.length, p50: percentile(list, 50), p99: percentile(list, 99) }])),
      },
    };
  },
};
