/**
 * `npm run eval -- --triage [--train FILE] [--test FILE]`: qihu's triage classifier against the
 * naive Bayes baseline, trained on the same messages and scored on the same held-out ones in one
 * run. Without --test, the training file is split by a hash of each line's id (or text): a fifth is
 * held out, the rest trains, so the split never changes between runs. Prints accuracy, macro-F1,
 * per-class F1, the reliability of the confidence on the held-out part, training time, and the
 * classify latency (median and p99 per message, over three rounds of the held-out messages).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { macroF1, trainModel, TriageClassifier, TrainingExample, writeModelFile, type ModelManifest } from '../../src/classifier';
import { dataDir, shown } from '../lib/paths';
import { frac, median, ms, percentile, table } from '../lib/stats';
import { trainNaiveBayes } from './naive-bayes';

const DEFAULT_TRAIN = path.join(dataDir, 'hotline-messages-train.jsonl');

interface Labelled extends TrainingExample {
  key: string;
}

function readLabelled(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const raw = JSON.parse(l) as { id?: unknown };
      const parsed = TrainingExample.safeParse(raw);
      if (!parsed.success) throw new Error(`${shown(file)} line ${i + 1}: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
      return { ...parsed.data, key: typeof raw.id === 'string' ? raw.id : parsed.data.text };
    });
}

/** A fifth of the lines, chosen by a hash of their id: the same split on every run and machine. */
const heldOut = (key: string) => createHash('sha256').update(key).digest()[0]! % 5 === 0;

function scores(gold: readonly string[], guessed: readonly string[], classes: readonly string[]) {
  const g = gold.map((c) => classes.indexOf(c));
  const p = guessed.map((c) => classes.indexOf(c));
  const perClass = classes.map((c, k) => ({ c, f1: macroF1(g.map((x) => (x === k ? 0 : 1)), p.map((x) => (x === k ? 0 : 1)), 1) }));
  return { accuracy: g.filter((x, i) => x === p[i]).length / g.length, macroF1: macroF1(g, p, classes.length), perClass };
}

export async function runTriageEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { triage: { type: 'boolean' }, train: { type: 'string' }, test: { type: 'string' } }, strict: true });
  const trainFile = path.resolve(values.train ?? DEFAULT_TRAIN);
  const all = readLabelled(trainFile);
  const train = values.test ? all : all.filter((e) => !heldOut(e.key));
  const test = values.test ? readLabelled(path.resolve(values.test)) : all.filter((e) => heldOut(e.key));
  console.log(`== triage: trained on ${train.length} messages of ${shown(trainFile)}, scored on ${test.length} ${values.test ? `of ${shown(values.test)}` : 'held out of it (a fifth, by id hash)'}`);

  const started = performance.now();
  const model = trainModel(train);
  const trainMs = performance.now() - started;
  const classifier = new TriageClassifier(model);
  const nbStarted = performance.now();
  const nb = trainNaiveBayes(train.map((e) => e.text), train.map((e) => e.category));
  const nbTrainMs = performance.now() - nbStarted;

  const guesses = test.map((e) => classifier.classify(e.text).category);
  // Latency in the steady state a running server is in (the first round compiles the code paths),
  // over three rounds of the held-out messages so that the p99 rests on some thirty slow calls.
  const latencies: number[] = [];
  for (let round = 0; round < 4; round++) {
    for (const e of test) {
      const t = performance.now();
      classifier.classify(e.text);
      if (round > 0) latencies.push(performance.now() - t);
    }
  }
  const nbGuesses = test.map((e) => nb.classify(e.text));
  const nbLatencies: number[] = [];
  for (let round = 0; round < 4; round++) {
    for (const e of test) {
      const t = performance.now();
      nb.classify(e.text);
      if (round > 0) nbLatencies.push(performance.now() - t);
    }
  }

  const classes = [...new Set(train.map((e) => e.category))].sort();
  const gold = test.map((e) => e.category);
  const ours = scores(gold, guesses.map((g) => g.label), classes);
  const base = scores(gold, nbGuesses, classes);
  console.log(
    table([
      ['method', 'accuracy', 'macro-F1', 'train', 'classify median', 'classify p99'],
      ['qihu (linear SVM, words + characters, calibrated)', ours.accuracy.toFixed(3), ours.macroF1.toFixed(3), ms(trainMs), ms(median(latencies)), ms(percentile(latencies, 99))],
      ['naive Bayes on jieba words (baseline)', base.accuracy.toFixed(3), base.macroF1.toFixed(3), ms(nbTrainMs), ms(median(nbLatencies)), ms(percentile(nbLatencies, 99))],
    ]),
  );
  console.log('\nper-class F1\n' + table([['category', 'qihu', 'baseline'], ...classes.map((c, k) => [c, ours.perClass[k]!.f1.toFixed(3), base.perClass[k]!.f1.toFixed(3)])]));

  // Does the confidence mean what it says on messages the model never saw?
  const review = classifier.manifest.heads[0]!.reviewBelow;
  const bands = [0, 0.5, 0.7, 0.9, 1.01];
  const rows = bands.slice(0, -1).map((from, b) => {
    const inBand = guesses.map((g, i) => ({ g, ok: g.label === gold[i] })).filter(({ g }) => g.confidence >= from && g.confidence < bands[b + 1]!);
    return [`${from.toFixed(1)}–${Math.min(bands[b + 1]!, 1).toFixed(1)}`, String(inBand.length), frac(inBand.filter((x) => x.ok).length, inBand.length)];
  });
  console.log('\nreliability on the held-out messages\n' + table([['confidence', 'messages', 'right'], ...rows]));
  const toReview = guesses.filter((g) => g.review);
  const rightAbove = guesses.filter((g, i) => !g.review && g.label === gold[i]).length;
  console.log(
    `\nbelow the review threshold (${review.toFixed(2)}, learned while training): ${toReview.length} of ${test.length} go to 待研判; ` +
      `the rest are right ${frac(rightAbove, test.length - toReview.length)}`,
  );
  const alone = latencyAlone(model, test.map((e) => e.text));
  console.log(
    `classify in a process holding only the model (as the classify command and a server do): median ${ms(alone.p50)}, p99 ${ms(alone.p99)} over ${alone.n} calls`,
  );
  console.log(`\nqihu triage: accuracy ${ours.accuracy.toFixed(3)} macro-F1 ${ours.macroF1.toFixed(3)} | baseline accuracy ${base.accuracy.toFixed(3)} macro-F1 ${base.macroF1.toFixed(3)} | p99 ${ms(percentile(latencies, 99))} (alone ${ms(alone.p99)}) | train ${ms(trainMs)}`);
  return 0;
}

/** The latency without this process's heap (training data, the baseline): bench/triage/latency.ts in a child. */
function latencyAlone(model: ModelManifest, texts: string[]): { p50: number; p99: number; n: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'qihu-triage-latency-'));
  try {
    writeModelFile(path.join(dir, 'model.json'), model);
    writeFileSync(path.join(dir, 'texts.json'), JSON.stringify(texts));
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'latency.ts'), path.join(dir, 'model.json'), path.join(dir, 'texts.json')], { encoding: 'utf8' });
    return JSON.parse(out) as { p50: number; p99: number; n: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
