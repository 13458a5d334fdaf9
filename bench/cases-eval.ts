/**
 * Similar past cases measured on the replies file: `npm run eval:cases [-- --file <jsonl>] [--tune]`.
 * docs/cases.md explains the split and the measures; in short:
 *
 *   - 20 % of the cases are held out by a hash of their id; everything is chosen on the other 80 %
 *     (the index's constants with --tune, the levels' cut-offs always), leaving each case out of the
 *     index while it is the query, and only then measured once on the held-out part.
 *   - For each held-out message (as a whole, and its title alone, like an operator's summary), the
 *     top three cases of the index, of plain BM25 on words and of a random pick are scored by how
 *     close their replies are to the message's true reply (TF-IDF cosine of words), and by whether
 *     they were answered by the same department, where the replies name one.
 *   - Query time on an index of every case (measured first, before the evaluation's caches grow).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CASE_INDEX_DEFAULTS, createCaseIndex, LEVEL_CUTOFFS, type CaseIndex, type CaseIndexOptions } from '../src/cases';
import type { PastCase } from '../src/kb';
import { departmentKey, importCasesJsonl } from '../src/kb/import';
import { seededRandom } from '../src/util';
import { bm25Words, byIndex, isHeldOut, queriesOf, randomPick, replySimilarity, scoreMethod, HELD_OUT_PERCENT, type MethodScore, type Query, type Retrieve } from './lib/cases-eval';
import { dataDir, shown } from './lib/paths';
import { ms, percentile, table } from './lib/stats';

const { values } = parseArgs({ options: { file: { type: 'string' }, tune: { type: 'boolean', default: false } } });
const file = values.file ?? path.join(dataDir, 'hotline-replies.jsonl');
const MODES = ['message', 'title'] as const;
const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

const imported = importCasesJsonl(readFileSync(file), { source: path.basename(file) });
const all = imported.cases;
const train = all.filter((c) => !isHeldOut(c.id));
const heldOut = all.filter((c) => isHeldOut(c.id));
const known = (cs: readonly PastCase[]) => cs.filter((c) => c.department).length;
console.log(`${shown(file)}: ${all.length} cases (${imported.rejected.length} rejected); the reply names a department in ${known(all)} (${pct(known(all) / all.length)})`);
console.log(`split by a hash of the id: ${train.length} to choose on, ${heldOut.length} held out (${HELD_OUT_PERCENT} %); departments known ${known(train)} / ${known(heldOut)}`);

// ------------------------------------------------------------ query time on every case
// First, before the evaluation's own caches fill the heap: the pauses of a larger heap are not the index's.

function latency(index: CaseIndex, texts: readonly string[]): { p50: number; p99: number; max: number } {
  for (const t of texts.slice(0, 100)) index.similar(t, 3); // warm up
  const times: number[] = [];
  for (const t of texts) {
    const start = performance.now();
    index.similar(t, 3);
    times.push(performance.now() - start);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times) };
}
const started = performance.now();
const fullIndex = createCaseIndex(all);
const buildMs = performance.now() - started;
const timeRows = [['queries', 'n', 'p50', 'p99', 'max']];
for (const mode of MODES) {
  const texts = queriesOf(all, mode).map((q) => q.text);
  const t = latency(fullIndex, texts);
  timeRows.push([mode, String(texts.length), ms(t.p50), ms(t.p99), ms(t.max)]);
}
console.log(`query time, 3 most similar of all ${all.length} cases (index built in ${ms(buildMs)}):`);
console.log(table(timeRows) + '\n');

// Reply similarity, with IDF over the replies chosen on only.
const replySim = replySimilarity(train.map((c) => c.reply));

/** The reply similarity random pairs reach only 1 % of the time: above it, two replies are about the same matter. */
function sameMatterLevel(cases: readonly PastCase[], pairs = 20_000): number {
  const next = seededRandom(7);
  const sims: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const a = cases[Math.floor(next() * cases.length)]!;
    const b = cases[Math.floor(next() * cases.length)]!;
    if (a !== b) sims.push(replySim(a.reply, b.reply));
  }
  return percentile(sims, 99);
}
const SAME = sameMatterLevel(train);
console.log(`"same matter": reply similarity ≥ ${f3(SAME)} (the 99th percentile of ${'20,000'} random pairs of replies)\n`);

// ------------------------------------------------------------ tuning (--tune), on the 80 % only

function row(name: string, s: MethodScore): string[] {
  return [name, f3(s.reply1), f3(s.reply3), `${pct(s.dept1)}`, `${pct(s.dept3)}`, String(s.withDepartment)];
}
const HEAD = ['method', 'reply@1', 'best reply@3', 'dept@1', 'dept@3', 'n dept'];

if (values.tune) {
  console.log('tuning: each case of the 80 % asked against the others (leave one out)');
  const rows = [HEAD];
  for (const titleWeight of [1, 3]) {
    for (const replyWeight of [0, 0.3, 1]) {
      for (const wordShare of [0.3, 0.5, 0.7, 1]) {
        const o: CaseIndexOptions = { titleWeight, replyWeight, wordShare };
        const index = createCaseIndex(train, o);
        for (const mode of MODES) rows.push(row(`${mode} ${JSON.stringify(o)}`, scoreMethod(byIndex(index), queriesOf(train, mode), replySim, true)));
      }
    }
  }
  console.log(table(rows) + '\n');
}

// ------------------------------------------------------------ levels, derived on the 80 %

interface Point {
  similarity: number;
  same: boolean;
}

/** The first case of each query with its similarity, and whether it is about the same matter. */
function firstCases(retrieve: Retrieve, queries: readonly Query[], leaveOneOut: boolean): Point[] {
  const out: Point[] = [];
  for (const q of queries) {
    const [first] = retrieve(q.text, 1, leaveOneOut ? q.case.id : undefined);
    if (first) out.push({ similarity: first.similarity, same: replySim(first.case.reply, q.case.reply) >= SAME });
  }
  return out;
}

const precisionAbove = (points: readonly Point[], cut: number) => {
  const above = points.filter((p) => p.similarity >= cut);
  return { n: above.length, precision: above.length ? above.filter((p) => p.same).length / above.length : NaN };
};

/**
 * The lowest cut-off (in steps of 0.05) at which the first cases above it are about the same matter
 * at least `target` of the time (and there are minN of them). Scanned from the bottom: at the very
 * top the share dips, because a message posted twice may be answered once in full and once with a
 * bare acknowledgement, and the measure cannot tell that this is the same matter.
 */
function cutoffFor(points: readonly Point[], target: number, minN = 20): number {
  for (let step = 1; step <= 19; step++) {
    const cut = step / 20;
    const { n, precision } = precisionAbove(points, cut);
    if (n >= minN && precision >= target) return cut;
  }
  return 1;
}

const trainIndex = createCaseIndex(train);
const derived = { high: 0, medium: 0 };
const curveRows = [['cut-off', ...MODES.flatMap((m) => [`${m}: n`, `${m}: same matter`])]];
const curves = MODES.map((mode) => firstCases(byIndex(trainIndex), queriesOf(train, mode), true));
for (let cut = 0.1; cut <= 0.801; cut += 0.05) {
  curveRows.push([cut.toFixed(2), ...curves.flatMap((c) => {
    const p = precisionAbove(c, cut);
    return [String(p.n), Number.isNaN(p.precision) ? '-' : pct(p.precision)];
  })]);
}
for (const points of curves) {
  derived.high = Math.max(derived.high, cutoffFor(points, 0.8));
  derived.medium = Math.max(derived.medium, cutoffFor(points, 0.5));
}
console.log('levels: share of first cases about the same matter, by their similarity (80 %, leave one out)');
console.log(table(curveRows));
const agree = derived.high === LEVEL_CUTOFFS.high && derived.medium === LEVEL_CUTOFFS.medium;
console.log(`derived: 高 ≥ ${derived.high}, 中 ≥ ${derived.medium}; in src/cases/levels.ts: 高 ≥ ${LEVEL_CUTOFFS.high}, 中 ≥ ${LEVEL_CUTOFFS.medium}${agree ? '' : '  <- differ: update LEVEL_CUTOFFS'}\n`);

// ------------------------------------------------------------ held-out: the index against the baselines

console.log(`held out: ${heldOut.length} messages against an index of the other ${train.length} (index ${JSON.stringify(CASE_INDEX_DEFAULTS)})`);
const methods: [string, Retrieve][] = [
  ['random pick', randomPick(train)],
  ['BM25 on words', bm25Words(train)],
  ['case index', byIndex(trainIndex)],
];
for (const mode of MODES) {
  const rows = [HEAD];
  for (const [name, retrieve] of methods) rows.push(row(name, scoreMethod(retrieve, queriesOf(heldOut, mode), replySim)));
  console.log(`\nqueries: ${mode === 'message' ? 'the whole message (title and text)' : 'the title only'}`);
  console.log(table(rows));
}

const levelRows = [['level', ...MODES.flatMap((m) => [`${m}: n`, `${m}: same matter`])]];
const heldCurves = MODES.map((mode) => firstCases(byIndex(trainIndex), queriesOf(heldOut, mode), false));
for (const [label, cut] of [['高', LEVEL_CUTOFFS.high], ['中 or 高', LEVEL_CUTOFFS.medium], ['any', 0]] as const) {
  levelRows.push([`${label} (≥ ${cut})`, ...heldCurves.flatMap((c) => {
    const p = precisionAbove(c, cut);
    return [String(p.n), Number.isNaN(p.precision) ? '-' : pct(p.precision)];
  })]);
}
console.log('\nlevels on the held-out part: first cases about the same matter');
console.log(table(levelRows));

// The chat's sentence: a 高 first case whose reply names the department.
let cited = 0;
let citedKnown = 0;
let citedSameDept = 0;
for (const c of heldOut) {
  const [first] = trainIndex.similar(`${c.title} ${c.text}`, 1);
  if (!first || first.similarity < LEVEL_CUTOFFS.high || !first.case.department) continue;
  cited++;
  if (c.department) {
    citedKnown++;
    if (departmentKey(c.department) === departmentKey(first.case.department)) citedSameDept++;
  }
}
console.log(`\nthe chat would cite a settled case for ${cited} of ${heldOut.length} held-out messages (${pct(cited / heldOut.length)}); where the message's own reply names a department (${citedKnown}), the same one in ${citedSameDept}`);
