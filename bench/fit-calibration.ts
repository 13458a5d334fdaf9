/**
 * Where the engine's two calibration constants come from (src/engine/calibration.ts):
 *   PRIOR     the decision model fitted on the pooled pseudo-questions of three catalogues (the
 *             sample, the Guangdong items, the Beijing FAQ): where a small knowledge base starts;
 *   TRANSFER  sigmoid(a + b·logit(p)) fitted on the *tuning* sets' real questions, mapping the
 *             pseudo-question probability onto real users' questions.
 * `npm run -s calibration:fit` prints both; held-out sets are never read.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadCases } from './lib/cases';
import { GD_ITEMS_FILE, importFaqKb, importGdKb, resolveKb, type LoadedKb } from './lib/kbs';
import { dataDir, evalDir, sampleKbDir } from './lib/paths';
import { modelInputs, PRIOR, PRIOR_STRENGTH, pseudoExamples, SIGNS } from '../src/engine/calibration';
import { decisionFeatures, retrieval, unseenShare } from '../src/engine/decision-features';
import { buildFamilies } from '../src/engine/families';
import { KbIndex } from '../src/engine/kb-index';
import { dot, fitLogistic, logit, sigmoid } from '../src/engine/logistic';
import { detectSignals, isJunk } from '../src/engine/signals';
import { normalise } from '../src/engine/text';

const BEIJING = path.join(dataDir, 'beijing-faq.csv');
const handoff = path.join(evalDir, 'handoff.jsonl');
const suites: { kb: () => LoadedKb; cases: string[] }[] = [
  { kb: () => resolveKb(sampleKbDir), cases: ['sample.jsonl'] },
  ...(existsSync(GD_ITEMS_FILE) ? [{ kb: () => importGdKb(), cases: ['gd-items.tune.jsonl', 'gd-fields.jsonl'] }] : []),
  ...(existsSync(BEIJING) ? [{ kb: () => importFaqKb(BEIJING), cases: ['bj-faq.tune.jsonl'] }] : []),
];

const built = suites.map((s) => {
  const { kb, label } = s.kb();
  const index = new KbIndex(kb);
  const families = buildFamilies(kb.entries);
  return { label, index, families, cases: [...s.cases.map((c) => path.join(evalDir, c)), handoff], pseudo: pseudoExamples(index, families) };
});

const pooled = built.flatMap((b) => b.pseudo.xs.map((x, i) => ({ x, y: b.pseudo.ys[i]! })));
const prior = fitLogistic(
  pooled.map((p) => p.x),
  pooled.map((p) => p.y),
  { l2: 1, signs: SIGNS },
);

// Real questions of the tuning sets: the logit of each knowledge base's own model, and whether the best family was right.
const zs: Float64Array[] = [];
const ys: number[] = [];
/** Per example, whether its question is out of scope: the two kinds are weighed equally below. */
const outOfScope: boolean[] = [];
for (const b of built) {
  const weights = fitLogistic(b.pseudo.xs, b.pseudo.ys, { l2: PRIOR_STRENGTH, prior, signs: SIGNS });
  const ids = new Map(b.index.entries.map((e, i) => [e.id, i]));
  for (const c of b.cases.flatMap((f) => loadCases(f))) {
    const norm = normalise(c.text).text;
    // Hand-offs decided before retrieval (signals, junk) are not the model's to learn.
    if (!norm || isJunk(c.text, norm) || detectSignals(norm).length) continue;
    const { query, folded } = retrieval(b.index, b.families, norm);
    const best = folded[0];
    if (!best || best.wordsMatched === 0) continue;
    const features = decisionFeatures(b.index, folded, query, unseenShare(b.index, query, b.families));
    const expect = c.expect === null ? undefined : ids.get(c.expect);
    const right = expect !== undefined && b.families.of[best.entry] === b.families.of[expect] ? 1 : 0;
    zs.push(Float64Array.from([1, logit(sigmoid(dot(weights, modelInputs(features))))]));
    ys.push(right);
    outOfScope.push(c.expect === null);
  }
}
// The tuning sets hold far more questions in scope than out; real traffic may not. Weighing the two
// kinds equally calibrates for a stream where half of what passes the signals is not in the
// catalogue: confidence errs on the side of handing off.
const oosCount = outOfScope.filter(Boolean).length;
const inCount = outOfScope.length - oosCount;
const transfer = fitLogistic(zs, ys, {
  l2: 0.01,
  weights: outOfScope.map((oos) => (oos ? outOfScope.length / (2 * oosCount) : outOfScope.length / (2 * inCount))),
});

const fmt = (v: number) => (Math.round(v * 100) / 100).toString();
console.log(`pseudo-questions: ${built.map((b) => `${b.label} ${b.pseudo.asked}`).join(', ')}; ${pooled.length} examples`);
console.log(`export const PRIOR = Float64Array.from([${Array.from(prior, fmt).join(', ')}]);`);
console.log(`export const TRANSFER = { a: ${fmt(transfer[0]!)}, b: ${fmt(transfer[1]!)} };`);
console.log(`(in calibration.ts now: PRIOR [${Array.from(PRIOR, fmt).join(', ')}])`);
const bands = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
for (let i = 0; i + 1 < bands.length; i++) {
  const inBand = zs.map((z, k) => ({ c: sigmoid(transfer[0]! + transfer[1]! * z[1]!), y: ys[k]! })).filter((r) => r.c >= bands[i]! && r.c < bands[i + 1]!);
  const right = inBand.filter((r) => r.y === 1).length;
  console.log(`confidence ${bands[i]}–${Math.min(1, bands[i + 1]!)}: ${inBand.length} questions, ${inBand.length ? (right / inBand.length).toFixed(2) : 'n/a'} right`);
}
