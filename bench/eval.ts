/**
 * Accuracy evaluation. `npm run eval -- --kb <dir|gd-items|faq-csv:file> --cases <file.jsonl> [--cases …]
 * [--out results.jsonl] [--baseline]`; without arguments it runs the default suites with baselines.
 * Stdout ends with one summary line for qihu; docs/evaluation.md defines every figure.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, type Config } from '../src/config';
import { KbLoadError } from '../src/kb';
import { createEmbedder } from '../src/llm/embedder';
import { DEFAULT_THRESHOLDS } from '../src/llm/semantic';
import { ImportFileError } from '../src/kb/import/result';
import { CaseFileError } from './lib/cases';
import { GD_ITEMS_FILE, importGdKb, resolveKb } from './lib/kbs';
import { computeMetrics, metricsLine, rank1Of, ratio, top1Of, type CaseResult } from './lib/metrics';
import { evalDir, sampleKbDir, shown } from './lib/paths';
import { runTriageEval } from './triage/eval';
import { frac, ms, table } from './lib/stats';
import { loadSuiteCases, QIHU, QIHU_SEMANTIC, runSuite, type SuiteOptions, type SuiteRun, type SuiteSpec } from './lib/suite';

const USAGE = `usage: npm run eval -- [--kb <dir> | --kb gd-items | --kb faq-csv:<file.csv>] --cases <file.jsonl> [--cases …]
                       [--out results.jsonl] [--baseline] [--examples N] [--nlp-budget SECONDS] [--llm]
       npm run eval                      default suites (sample KB, imported GD items), with baselines
       npm run eval -- --triage [--train FILE] [--test FILE]
                                         the triage classifier against naive Bayes (docs/triage.md)
       --llm                             also qihu with the semantic layer (needs OPENAI_BASE_URL; see docs/semantic.md)
       --part tune|heldout               only the cases on even (tune) or odd (heldout) lines of each file,
                                         for case files with no split of their own (the BQ paraphrases)`;

const Args = z
  .object({
    kb: z.string().min(1).optional(),
    cases: z.array(z.string().min(1)).default([]),
    out: z.string().min(1).optional(),
    baseline: z.boolean().default(false),
    examples: z.coerce.number().int().min(0).max(1000).default(5),
    'nlp-budget': z.coerce.number().positive().max(600).default(120),
    llm: z.boolean().default(false),
    part: z.enum(['tune', 'heldout']).optional(),
    help: z.boolean().default(false),
  })
  .refine((a) => !a.kb || a.cases.length > 0, { message: '--kb needs at least one --cases file', path: ['cases'] });
type Args = z.infer<typeof Args>;

class UsageError extends Error {}

function parseCli(argv: string[]): Args {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        kb: { type: 'string' },
        cases: { type: 'string', multiple: true },
        out: { type: 'string' },
        baseline: { type: 'boolean' },
        examples: { type: 'string' },
        'nlp-budget': { type: 'string' },
        llm: { type: 'boolean' },
        part: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}: ` : ''}${i.message}`).join('; '));
  }
  return parsed.data;
}

function defaultSuites(): SuiteSpec[] {
  const handoff = path.join(evalDir, 'handoff.jsonl');
  return [
    { name: 'sample', kb: () => resolveKb(sampleKbDir), caseFiles: [path.join(evalDir, 'sample.jsonl'), handoff] },
    { name: 'gd-items', kb: () => importGdKb(), caseFiles: [path.join(evalDir, 'gd-fields.jsonl'), handoff] },
  ];
}

function totalsTable(runs: SuiteRun[]): string {
  const rows = [['suite', 'system', 'cases', 'top1', 'rank1', 'wrong', 'oos_handoff', 'field', 'clarify', 'clarify_right', 'handoff_in', 'p50', 'p99']];
  for (const suite of runs) {
    for (const s of suite.systems) {
      const m = s.metrics;
      const ours = s.name === QIHU;
      rows.push([
        suite.name,
        s.name,
        String(m.cases),
        frac(m.top1, m.inScope),
        frac(m.rank1, m.inScope),
        frac(m.wrong, m.cases),
        frac(m.oosHandoff, m.oos),
        ours ? frac(m.fieldOk, m.fieldCases) : '-',
        ours ? frac(m.clarifyIn, m.inScope) : '-',
        ours ? frac(m.clarifyRight, m.inScope) : '-',
        ours ? frac(m.handoffIn, m.inScope) : '-',
        ms(m.p50),
        ms(m.p99),
      ]);
    }
  }
  return table(rows);
}

/** Baseline lines, then qihu's line with the ratios to the better baseline: the last line of stdout. */
function printSummary(runs: SuiteRun[]): void {
  const bySystem = new Map<string, CaseResult[]>();
  for (const suite of runs) for (const s of suite.systems) bySystem.set(s.name, [...(bySystem.get(s.name) ?? []), ...s.results]);
  const ours = computeMetrics(bySystem.get(QIHU) ?? []);
  // qihu+semantic is qihu with its optional layer, not a baseline: shown, not compared against.
  const others = [...bySystem].filter(([name]) => name !== QIHU).map(([name, results]) => ({ name, m: computeMetrics(results) }));
  const baselines = others.filter((b) => b.name !== QIHU_SEMANTIC);
  console.log('');
  for (const b of others) console.log(metricsLine(b.name, b.m, false));
  let line = metricsLine(QIHU, ours, true);
  if (baselines.length) {
    line +=
      ` ratio=${ratio(top1Of(ours), baselines.map((b) => top1Of(b.m)))}` +
      ` ratio_rank1=${ratio(rank1Of(ours), baselines.map((b) => rank1Of(b.m)))}`;
  }
  console.log(line);
}

function writeResults(file: string, runs: SuiteRun[]): void {
  const lines = runs.flatMap((suite) => suite.systems.filter((s) => s.name === QIHU).flatMap((s) => s.results));
  writeFileSync(file, lines.map((r) => JSON.stringify(r)).join('\n') + (lines.length ? '\n' : ''));
  console.log(`  wrote ${lines.length} results to ${shown(file)}`);
}

/** The semantic layer as the server would run it, from the same environment variables. */
function semanticOptions(): NonNullable<SuiteOptions['semantic']> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!config.OPENAI_BASE_URL) throw new UsageError('--llm needs OPENAI_BASE_URL (an OpenAI-compatible endpoint) and usually OPENAI_API_KEY');
  return {
    embedder: createEmbedder({ baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, model: config.OPENAI_EMBEDDING_MODEL, timeoutMs: config.OPENAI_TIMEOUT_MS }),
    cacheDir: path.join(path.resolve(config.DATA_DIR), 'embeddings'),
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    thresholds: { ...DEFAULT_THRESHOLDS, answer: config.SEMANTIC_ANSWER_SIMILARITY, clarify: config.SEMANTIC_CLARIFY_SIMILARITY },
  };
}

async function main(): Promise<number> {
  if (process.argv.includes('--triage')) return runTriageEval(process.argv.slice(2));
  const args = parseCli(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const options: SuiteOptions = {
    baselines: args.baseline || !args.kb,
    examples: args.examples,
    nlpBudgetMs: args['nlp-budget'] * 1000,
    skipMissing: !args.kb,
    ...(args.part ? { part: args.part } : {}),
    ...(args.llm ? { semantic: semanticOptions() } : {}),
  };
  // --cases alone evaluates against the sample knowledge base.
  const explicit = args.kb || args.cases.length;
  const specs: SuiteSpec[] = explicit
    ? [{ name: args.kb ?? 'sample', kb: () => resolveKb(args.kb ?? sampleKbDir), caseFiles: args.cases.map((f) => path.resolve(f)) }]
    : defaultSuites();

  const runs: SuiteRun[] = [];
  for (const spec of specs) {
    if (spec.name === 'gd-items' && !explicit && !existsSync(GD_ITEMS_FILE)) {
      console.log(`\n== suite ${spec.name}: SKIPPED, ${shown(GD_ITEMS_FILE)} is missing`);
      continue;
    }
    const { cases, missing } = loadSuiteCases(spec, options);
    if (!cases.length) {
      console.log(`\n== suite ${spec.name}: SKIPPED, no case files (${missing.map(shown).join(', ')} missing)`);
      continue;
    }
    runs.push(await runSuite(spec, cases, options, missing));
  }
  if (!runs.length) {
    console.error('qihu: no suite could run (case files missing)');
    return 1;
  }
  if (args.out) writeResults(path.resolve(args.out), runs);
  if (runs.length > 1 || !explicit) {
    console.log('\n' + totalsTable(runs));
  }
  printSummary(runs);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    // Bad input is the user's to fix (exit 2, one readable message); anything else is a bug.
    if (err instanceof UsageError) {
      console.error(`eval: ${err.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (err instanceof CaseFileError || err instanceof KbLoadError || err instanceof ImportFileError) {
      console.error(`eval: ${err.message}`);
      process.exitCode = 2;
    } else if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') {
      console.error(`eval: ${(err as Error).message}`);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
