/**
 * Condition extraction measured on the dev set: `npm run eval:extract [-- --errors]`. Precision,
 * recall and F1 per fact and overall, for each part: tune, held-out (every third clause of the first
 * set, not looked at while writing the patterns), blind (24 clauses written after the first
 * patterns), blind2 (53 clauses written before the second round of rules, never tuned on), and all.
 * --errors lists the tune part's misses and wrong items (the held-out part's with --errors-heldout);
 * the blind parts' errors are never listed, so they stay blind.
 */
import { parseArgs } from 'node:util';
import { f1, loadDevSet, precision, recall, score, type Counts, type DevCase } from './lib/extract-score';

const { values } = parseArgs({ options: { errors: { type: 'boolean' }, 'errors-heldout': { type: 'boolean' }, cases: { type: 'string' } } });
const cases = loadDevSet(values.cases);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
function report(name: string, part: readonly DevCase[]): void {
  const s = score(part);
  const facts = [...s.byFact.keys()].sort();
  const row = (label: string, c: Counts) =>
    `${label.padEnd(18)} ${String(c.tp + c.fn).padStart(5)} ${String(c.tp).padStart(5)} ${String(c.fp).padStart(5)} ${String(c.fn).padStart(5)} ${pct(precision(c))} ${pct(recall(c))} ${pct(f1(c))}`;
  console.log(`\n${name}: ${part.length} clauses, ${part.reduce((n, c) => n + c.items.length, 0)} gold items`);
  console.log(
    `${'fact'.padEnd(18)} ${'gold'.padStart(5)} ${'tp'.padStart(5)} ${'fp'.padStart(5)} ${'fn'.padStart(5)} ${'P'.padStart(7)} ${'R'.padStart(7)} ${'F1'.padStart(7)}`,
  );
  for (const fact of facts) console.log(row(fact, s.byFact.get(fact)!));
  console.log(row('overall', s.overall));
}

const tune = cases.filter((c) => c.part === 'tune');
const heldout = cases.filter((c) => c.part === 'heldout');
const blind = cases.filter((c) => c.part === 'blind');
const blind2 = cases.filter((c) => c.part === 'blind2');
report('tune', tune);
report('held-out', heldout);
report('blind (written after the first patterns)', blind);
report('blind2 (written before the second round of rules)', blind2);
report('all', cases);

if (values.errors || values['errors-heldout']) {
  const part = values['errors-heldout'] ? heldout : tune;
  for (const c of score(part).cases) {
    if (c.missed.length === 0 && c.wrong.length === 0) continue;
    console.log(`\n${c.id}: ${part.find((x) => x.id === c.id)!.text}`);
    for (const m of c.missed) console.log(`  missed ${m}`);
    for (const w of c.wrong) console.log(`  wrong  ${w}`);
  }
}
const all = score(cases).overall;
console.log(`\nextract: clauses=${cases.length} items=${all.tp + all.fn} P=${precision(all).toFixed(3)} R=${recall(all).toFixed(3)} F1=${f1(all).toFixed(3)}`);
