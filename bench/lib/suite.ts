/**
 * One evaluation suite: a knowledge base, its case files, qihu and optionally the baselines, all in
 * one process over the same data. Printing lives here too so eval.ts stays a thin CLI.
 */
import { existsSync } from 'node:fs';
import { createEngine } from '../../src/engine';
import { entryTitle } from '../../src/kb/schema';
import { minisearchBaseline } from '../baselines/minisearch';
import { nlpjsBaseline } from '../baselines/nlpjs';
import { loadCases, type EvalCase } from './cases';
import type { LoadedKb } from './kbs';
import { computeMetrics, firstRanked, metricsLine, reliabilityTable, runSystem, type CaseResult, type Metrics } from './metrics';
import { shown } from './paths';
import { table } from './stats';
import { engineSystem, outcomeOf, type System } from './system';
import type { Engine } from '../../src/engine';
import type { KnowledgeBase } from '../../src/kb/schema';
import type { Embedder } from '../../src/llm/embedder';
import { createFileEmbeddingCache } from '../../src/llm/embedding-cache';
import { createSemanticLayer, type SemanticThresholds } from '../../src/llm/semantic';

export const QIHU = 'qihu';
export const QIHU_SEMANTIC = 'qihu+semantic';

export interface SuiteSpec {
  name: string;
  kb: () => LoadedKb;
  caseFiles: string[];
}

export interface SuiteOptions {
  baselines: boolean;
  /** How many wrong answers / missed hand-offs to show. */
  examples: number;
  nlpBudgetMs: number;
  /** Default suites skip missing case files; an explicit --cases must exist. */
  skipMissing: boolean;
  /** Only every other case of each file: the first, third… (tune) or the second, fourth… (heldout). */
  part?: 'tune' | 'heldout';
  /** --llm: qihu with the semantic layer as a further system (embeddings cached under cacheDir). */
  semantic?: { embedder: Embedder; cacheDir: string; timeoutMs: number; thresholds: SemanticThresholds };
}

export interface SystemRun {
  name: string;
  results: CaseResult[];
  metrics: Metrics;
}

export interface SuiteRun {
  name: string;
  systems: SystemRun[];
}

/** Questions for the warm-up pass: entry titles in a question frame, never a case's own text. */
function warmupTexts(kb: LoadedKb, cases: EvalCase[], n = 200): string[] {
  const caseTexts = new Set(cases.map((c) => c.text));
  const entries = kb.kb.entries;
  const step = Math.max(1, Math.floor(entries.length / n));
  const texts: string[] = [];
  for (let i = 0; i < entries.length && texts.length < n; i += step) {
    const title = entryTitle(entries[i]!);
    texts.push(i % 2 ? `请问${title}怎么办理` : `${title}需要什么材料`);
  }
  texts.push('今天天气怎么样', '帮我转人工', '你好');
  return texts.filter((t) => !caseTexts.has(t));
}

function seconds(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(2)}s`;
}

export function loadSuiteCases(spec: SuiteSpec, options: SuiteOptions): { cases: EvalCase[]; missing: string[] } {
  const missing = options.skipMissing ? spec.caseFiles.filter((f) => !existsSync(f)) : [];
  const keep = options.part === undefined ? () => true : (_: unknown, i: number) => i % 2 === (options.part === 'tune' ? 0 : 1);
  const cases = spec.caseFiles.filter((f) => !missing.includes(f)).flatMap((f) => loadCases(f).filter(keep));
  return { cases, missing };
}

function printExamples(run: SystemRun, kb: LoadedKb, limit: number): void {
  if (limit <= 0) return;
  const byId = new Map(kb.kb.entries.map((e) => [e.id, e]));
  const label = (id: string | null) => {
    if (id === null) return '-';
    const entry = byId.get(id);
    return entry ? `${id} ${clip(entryTitle(entry), 24)}` : `${id} (not in KB)`;
  };
  const got = (r: CaseResult) =>
    r.decision === 'answer' ? `answer ${label(r.entryId)}` : `${r.decision}${r.candidates[0] ? ` (top ${label(r.candidates[0])})` : ''}`;
  const show = (title: string, rows: CaseResult[], line: (r: CaseResult) => string) => {
    if (!rows.length) return;
    console.log(`  ${title} (${rows.length}):`);
    for (const r of rows.slice(0, limit)) console.log(`    ${line(r)}`);
  };
  const { results } = run;
  show(
    `${run.name} wrong answers`,
    results.filter((r) => r.decision === 'answer' && !r.ok && r.expect !== null),
    (r) => `「${clip(r.text, 40)}」 [${r.set}:${r.line}] expected ${label(r.expect)} → got ${label(r.entryId)} conf=${fmtConf(r.confidence)}`,
  );
  show(
    `${run.name} missed hand-offs`,
    results.filter((r) => r.expect === null && r.decision !== 'handoff'),
    (r) => `「${clip(r.text, 40)}」 [${r.set}:${r.line}] expected handoff → got ${got(r)} conf=${fmtConf(r.confidence)}`,
  );
  show(
    `${run.name} in-scope not answered`,
    results.filter((r) => r.expect !== null && r.decision !== 'answer'),
    (r) =>
      `「${clip(r.text, 40)}」 [${r.set}:${r.line}] expected ${label(r.expect)} → got ${got(r)}${firstRanked(r) === r.expect ? ' (right one ranked first)' : ''}`,
  );
  show(
    `${run.name} wrong field`,
    results.filter((r) => r.fieldOk === false),
    (r) => `「${clip(r.text, 40)}」 [${r.set}:${r.line}] expected ${r.expectField} → got ${r.field}`,
  );
}

function clip(s: string, n: number): string {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : chars.join('');
}

function fmtConf(c: number | null): string {
  return c === null ? '-' : c.toFixed(2);
}

/** qihu with the semantic layer, once the knowledge base is embedded (undefined if it cannot be). */
async function withSemantic(kb: KnowledgeBase, engine: Engine, opts: NonNullable<SuiteOptions['semantic']>): Promise<System | undefined> {
  const t0 = performance.now();
  const layer = createSemanticLayer({
    kb: () => kb,
    engine: () => engine,
    embedder: opts.embedder,
    cache: createFileEmbeddingCache(opts.cacheDir, opts.embedder.model),
    timeoutMs: opts.timeoutMs,
    thresholds: opts.thresholds,
  });
  await layer.ready();
  const status = layer.status();
  if (status.state !== 'ready') {
    console.log(`  ${QIHU_SEMANTIC}: SKIPPED, the knowledge base could not be embedded with ${status.model}`);
    return undefined;
  }
  const t = opts.thresholds;
  return {
    name: QIHU_SEMANTIC,
    info: `embeddings ${status.model}, ${status.surfaces} names embedded or read from the cache in ${seconds(t0)}; answer ≥ ${t.answer} (margin ${t.margin}), clarify ≥ ${t.clarify}`,
    ask: async (text) => outcomeOf(await layer.refine(text, engine.ask(text))),
  };
}

/** Loads, builds, runs and prints one suite; returns every system's results for the totals. */
export async function runSuite(spec: SuiteSpec, cases: EvalCase[], options: SuiteOptions, missing: string[] = []): Promise<SuiteRun> {
  const sets = [...new Set(cases.map((c) => c.set))];
  console.log(`\n== suite ${spec.name}: ${cases.length} cases (${sets.map((s) => `${s} ${cases.filter((c) => c.set === s).length}`).join(', ')})`);
  for (const file of missing) console.log(`  case file ${shown(file)} is MISSING, running without it`);

  let t0 = performance.now();
  const kb = spec.kb();
  console.log(`  kb ${kb.label}: ${kb.notes.join('; ')} (${seconds(t0)})`);

  const ids = new Set(kb.kb.entries.map((e) => e.id));
  const unknown = cases.filter((c) => c.expect !== null && !ids.has(c.expect));
  if (unknown.length) {
    // Kept and counted as failures: dropping them would flatter every system alike.
    console.error(
      `warning: ${unknown.length} cases expect ids not in ${kb.label}, e.g. ` +
        unknown.slice(0, 5).map((c) => `${c.expect} [${c.set}:${c.line}]`).join(', '),
    );
  }

  const systems: System[] = [];
  t0 = performance.now();
  const engine = createEngine(kb.kb);
  systems.push(engineSystem(QIHU, engine, `createEngine over ${engine.size} entries in ${seconds(t0)}`));
  if (options.semantic) {
    const semanticSystem = await withSemantic(kb.kb, engine, options.semantic);
    if (semanticSystem) systems.push(semanticSystem);
  }
  if (options.baselines) {
    systems.push(minisearchBaseline(kb.kb));
    systems.push(await nlpjsBaseline(kb.kb, { budgetMs: options.nlpBudgetMs }));
  }
  for (const s of systems) if (s.info) console.log(`  ${s.name}: ${s.info}`);

  const warmup = warmupTexts(kb, cases);
  const runs: SystemRun[] = [];
  for (const system of systems) {
    const results = await runSystem(system, cases, spec.name, warmup);
    runs.push({ name: system.name, results, metrics: computeMetrics(results) });
  }

  if (sets.length > 1) {
    console.log('  per case file:');
    for (const set of sets) {
      for (const run of runs) {
        const m = computeMetrics(run.results.filter((r) => r.set === set));
        console.log(`    [${set}] ${metricsLine(run.name, m, run.name === QIHU)}`);
      }
    }
  }
  const ours = runs[0]!;
  console.log(`  ${ours.name} reliability (answers per confidence band, share right):`);
  console.log(table(reliabilityTable(ours.results)).replace(/^/gm, '    '));
  printExamples(ours, kb, options.examples);
  return { name: spec.name, systems: runs };
}
