/**
 * Running cases through a system and scoring the results. The definitions here are the ones in
 * docs/evaluation.md; change both together.
 */
import type { DecisionKind, Field } from '../../src/engine/types';
import type { EvalCase } from './cases';
import type { Outcome, System } from './system';
import { frac, ms, percentile } from './stats';

export interface CaseResult {
  suite: string;
  set: string;
  line: number;
  text: string;
  expect: string | null;
  expectField: Field | null;
  decision: DecisionKind;
  entryId: string | null;
  /** Look-alikes the answer holds for word for word: answering one of them answers the others. */
  alsoFor?: string[];
  field: Field | null;
  candidates: string[];
  confidence: number | null;
  ms: number;
  /** In scope: answered with the expected entry. Out of scope: handed off. */
  ok: boolean;
  /** null when the case names no field or the decision named no entry. */
  fieldOk: boolean | null;
}

/** The entry a system ranks first: its answer, else its best candidate. */
export function firstRanked(r: Pick<CaseResult, 'entryId' | 'candidates'>): string | null {
  return r.entryId ?? r.candidates[0] ?? null;
}

/** An answer with the expected entry, or with a look-alike whose answer is word for word the same. */
function answersWith(r: Pick<CaseResult, 'decision' | 'entryId' | 'alsoFor'>, expect: string | null): boolean {
  return r.decision === 'answer' && expect !== null && (r.entryId === expect || (r.alsoFor?.includes(expect) ?? false));
}

function score(c: EvalCase, suite: string, out: Outcome, elapsed: number): CaseResult {
  const answered = out.decision === 'answer';
  const ok = c.expect === null ? out.decision === 'handoff' : answersWith(out, c.expect);
  const fieldOk = c.field && answered ? out.field === c.field : null;
  return {
    suite,
    set: c.set,
    line: c.line,
    text: c.text,
    expect: c.expect,
    expectField: c.field ?? null,
    decision: out.decision,
    entryId: out.entryId,
    ...(out.alsoFor?.length ? { alsoFor: out.alsoFor } : {}),
    field: out.field,
    candidates: out.candidates,
    confidence: out.confidence,
    ms: Math.round(elapsed * 1000) / 1000,
    ok,
    fieldOk,
  };
}

/**
 * The warm-up pass uses other questions than the timed pass: some systems (NLP.js does) cache
 * results per text, and a warm-up over the cases themselves would time cache hits.
 */
export async function runSystem(system: System, cases: EvalCase[], suite: string, warmup: string[]): Promise<CaseResult[]> {
  for (const text of warmup) await system.ask(text);
  const results: CaseResult[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const pending = system.ask(c.text);
    // Await only real promises: an extra microtask turn would inflate a synchronous engine's latency.
    const out = pending instanceof Promise ? await pending : pending;
    results.push(score(c, suite, out, performance.now() - t0));
  }
  return results;
}

export interface Metrics {
  cases: number;
  inScope: number;
  oos: number;
  top1: number;
  rank1: number;
  answers: number;
  wrong: number;
  oosHandoff: number;
  fieldCases: number;
  fieldOk: number;
  clarifyIn: number;
  /** In-scope cases answered with a clarify question that offers the expected entry among its choices. */
  clarifyRight: number;
  handoffIn: number;
  p50: number;
  p99: number;
}

export function computeMetrics(results: CaseResult[]): Metrics {
  const inScope = results.filter((r) => r.expect !== null);
  const oos = results.filter((r) => r.expect === null);
  const fielded = results.filter((r) => r.fieldOk !== null);
  const times = results.map((r) => r.ms);
  return {
    cases: results.length,
    inScope: inScope.length,
    oos: oos.length,
    top1: inScope.filter((r) => answersWith(r, r.expect)).length,
    rank1: inScope.filter((r) => firstRanked(r) === r.expect).length,
    answers: results.filter((r) => r.decision === 'answer').length,
    wrong: results.filter((r) => r.decision === 'answer' && !answersWith(r, r.expect)).length,
    oosHandoff: oos.filter((r) => r.decision === 'handoff').length,
    fieldCases: fielded.length,
    fieldOk: fielded.filter((r) => r.fieldOk).length,
    clarifyIn: inScope.filter((r) => r.decision === 'clarify').length,
    clarifyRight: inScope.filter((r) => r.decision === 'clarify' && r.expect !== null && r.candidates.includes(r.expect)).length,
    handoffIn: inScope.filter((r) => r.decision === 'handoff').length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
  };
}

export function top1Of(m: Metrics): number {
  return m.inScope ? m.top1 / m.inScope : 0;
}
export function rank1Of(m: Metrics): number {
  return m.inScope ? m.rank1 / m.inScope : 0;
}

/** `name: cases=… top1=… …`; field, clarify and handoff_in only for systems that produce them. */
export function metricsLine(name: string, m: Metrics, full: boolean): string {
  const parts = [
    `cases=${m.cases}`,
    `top1=${frac(m.top1, m.inScope)}`,
    `rank1=${frac(m.rank1, m.inScope)}`,
    `wrong=${frac(m.wrong, m.cases)}`,
    `oos_handoff=${frac(m.oosHandoff, m.oos)}`,
  ];
  if (full) {
    parts.push(
      `field=${frac(m.fieldOk, m.fieldCases)}`,
      `clarify=${frac(m.clarifyIn, m.inScope)}`,
      `clarify_right=${frac(m.clarifyRight, m.inScope)}`,
      `top1_or_clarify=${frac(m.top1 + m.clarifyRight, m.inScope)}`,
      `handoff_in=${frac(m.handoffIn, m.inScope)}`,
    );
  }
  parts.push(`p50=${ms(m.p50)}`, `p99=${ms(m.p99)}`);
  return `${name}: ${parts.join(' ')}`;
}

/** Our figure over the better baseline's; `inf` when every baseline scored zero. */
export function ratio(ours: number, baselines: number[]): string {
  const best = Math.max(0, ...baselines);
  if (best === 0) return ours > 0 ? 'inf' : 'n/a';
  return (ours / best).toFixed(2);
}

/** Confidence bands of the reliability table: [0, 0.5), [0.5, 0.6), … [0.9, 1]. */
const BANDS = [0, 0.5, 0.6, 0.7, 0.8, 0.9];

export interface ReliabilityRow {
  band: string;
  answers: number;
  right: number;
}

/**
 * Answers per confidence band and the share of them that were right (an answer to an
 * out-of-scope case is wrong): if 0.8 means something, about 8 in 10 answers there are right.
 */
export function reliability(results: readonly CaseResult[]): ReliabilityRow[] {
  return BANDS.map((low, i) => {
    const high = BANDS[i + 1] ?? Number.POSITIVE_INFINITY;
    const answers = results.filter((r) => r.decision === 'answer' && (r.confidence ?? 0) >= low && (r.confidence ?? 0) < high);
    const band = `${low.toFixed(1)}–${high === Number.POSITIVE_INFINITY ? '1.0' : high.toFixed(1)}`;
    return { band, answers: answers.length, right: answers.filter((r) => r.ok).length };
  });
}

export function reliabilityTable(results: readonly CaseResult[]): string[][] {
  const rows = reliability(results);
  return [
    ['confidence', ...rows.map((r) => r.band)],
    ['answers', ...rows.map((r) => String(r.answers))],
    ['right', ...rows.map((r) => frac(r.right, r.answers))],
  ];
}
