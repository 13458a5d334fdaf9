/**
 * Calibration per knowledge base, made when the index is built: how sure can the engine be that
 * its best match answers a question, on *this* catalogue? Scores mean different things on
 * different catalogues (a 2,000-entry FAQ full of siblings, a catalogue of items with long names),
 * so no fixed score threshold carries over. Instead the engine asks its own pseudo-questions
 * (pseudo-questions.ts), whose right answer is known, scores each against the index twice (as it
 * is, and with the source's family left out, which makes it a question the catalogue cannot
 * answer) and fits a small logistic model from the scale-free features of decision-features.ts to
 * "the best match is right". A fixed transfer, measured on the tuning sets, maps the model's
 * probability onto real users' questions (which are harder than the pseudo-questions), so that
 * `confidence` reads as the share of answers that are right (docs/engine.md § 6).
 */
import { byFamily, decisionFeatures, FEATURE_NAMES, retrieval, unseenShare, type FeatureVector } from './decision-features';
import type { Families } from './families';
import type { KbIndex } from './kb-index';
import { dot, fitLogistic, logit, sigmoid } from './logistic';
import { outsideQuestions, pseudoQuestions } from './pseudo-questions';
import { normalise } from './text';

/** The model's inputs, by name: an intercept, the features (decision-features.ts), two interactions and two logarithms. */
export const MODEL_INPUTS = ['intercept', ...FEATURE_NAMES, 'score×lead', 'nameCoverage×nameQuestionCoverage', 'log(lead)', 'log(score)'] as const;

/**
 * The side each input's weight must stay on: more of a good thing (score, coverage, lead) never
 * makes the best match less likely right, more of a bad thing (words it lacks, words the
 * catalogue never uses) never more likely. 0: free.
 */
export const SIGNS = Int8Array.from([0, 1, 1, 1, 1, -1, 1, 1, 1, 0, -1, 1, 0, 0, -1, -1, 1, 1, 1, 1, 1]);

const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
const SCORE = at('score');
const RATIO = at('runnerUpRatio');
const NAME_COVERAGE = at('nameCoverage');
const NAME_QUESTION = at('nameQuestionCoverage');

/** The model's inputs for one question's features, in MODEL_INPUTS order. */
export function modelInputs(f: FeatureVector): Float64Array {
  const score = f[SCORE]!;
  const ratio = f[RATIO]!;
  return Float64Array.from([
    1,
    ...f,
    score * (1 - ratio),
    f[NAME_COVERAGE]! * f[NAME_QUESTION]!,
    // Logarithms let a near tie (lead → 0) and a faint match (score → 0) weigh as much as they should.
    Math.log(1.02 - ratio),
    Math.log(score + 0.02),
  ]);
}

/**
 * Where a knowledge base too small to learn from starts: the weights fitted on the pooled
 * pseudo-questions of three catalogues (the sample, the Guangdong items, the Beijing FAQ). A large
 * catalogue moves well away from them; a handful of entries stays close.
 */
export const PRIOR = Float64Array.from([-0.7, 0, 0.69, 0.95, 0, 0, 0.61, 0.36, 0.39, -0.43, -2.93, 1.73, -1.72, -0.78, 0, -0.69, 2.02, 0.61, 0.24, 0.46, 0.83]);

/**
 * Pseudo-questions are easier than real ones: the model's probability p is mapped to
 * sigmoid(a + b·logit(p)), fitted once on the tuning sets with questions in and out of scope weighed
 * equally (docs/engine.md), and the same for every knowledge base.
 */
export const TRANSFER = { a: 2.87, b: 1.22 };

/** Decision cut-offs on the calibrated confidence: a wrong answer costs more than a question back. */
export const DECISION = {
  /** Answer outright at or above this confidence. */
  answer: 0.6,
  /** Between this and `answer`, offer the likely entries to choose from; below it, hand off. */
  clarify: 0.15,
  /** Choices offered score at least this share of the best. */
  choiceRatio: 0.8,
};

export interface CalibrationStats {
  /** Pseudo-questions asked, and how many had their source entry ranked first. */
  questions: number;
  rankedFirst: number;
  /** Examples the model was fitted on: pseudo-questions as asked, with their source left out, and from outside. */
  samples: number;
  /** How well the fitted model tells right from wrong on them: the area under its ROC curve (0.5 is chance). */
  separation: number;
  milliseconds: number;
}

export interface Calibration {
  readonly weights: Float64Array;
  readonly stats: CalibrationStats;
}

/** The calibrated confidence that the best match answers the question. */
export function confidenceFrom(calibration: Calibration, features: FeatureVector): number {
  const p = sigmoid(dot(calibration.weights, modelInputs(features)));
  return sigmoid(TRANSFER.a + TRANSFER.b * logit(p));
}

export interface CalibrateOptions {
  /** Pseudo-questions to ask (at most one per entry); default 500. */
  questions?: number;
}

/** Questions from outside the catalogue, per pseudo-question made from it. */
const OUTSIDE_SHARE = 0.4;

/** Features and labels from the knowledge base's own pseudo-questions: as asked (right when the source's family comes first) and with the source's family left out (always wrong). */
export function pseudoExamples(index: KbIndex, families: Families, questions = 500): { xs: Float64Array[]; ys: number[]; asked: number; rankedFirst: number } {
  const xs: Float64Array[] = [];
  const ys: number[] = [];
  let rankedFirst = 0;
  const pseudo = pseudoQuestions(index, { count: questions });
  for (const { text, entry } of pseudo) {
    const { query, scored, folded } = retrieval(index, families, normalise(text).text);
    const source = families.of[entry]!;
    // A question that matches no whole word is handed off by rule, not by the model.
    if (folded[0] && folded[0].wordsMatched > 0) {
      const right = families.of[folded[0].entry] === source ? 1 : 0;
      rankedFirst += right;
      xs.push(modelInputs(decisionFeatures(index, folded, query, unseenShare(index, query, families))));
      ys.push(right);
    }
    const without = byFamily(scored, families, source);
    if (without[0] && without[0].wordsMatched > 0) {
      xs.push(modelInputs(decisionFeatures(index, without, query, unseenShare(index, query, families, source))));
      ys.push(0);
    }
  }
  // Everyday questions from outside the catalogue: what a chance match looks like here.
  for (const text of outsideQuestions(Math.round(questions * OUTSIDE_SHARE))) {
    const { query, folded } = retrieval(index, families, normalise(text).text);
    if (!folded[0] || folded[0].wordsMatched === 0) continue;
    xs.push(modelInputs(decisionFeatures(index, folded, query, unseenShare(index, query, families))));
    ys.push(0);
  }
  return { xs, ys, asked: pseudo.length, rankedFirst };
}

/** How strongly a knowledge base's weights are pulled towards the prior (see fitLogistic). */
export const PRIOR_STRENGTH = 2;

/** Area under the ROC curve: the chance that a right example scores above a wrong one. */
function areaUnderCurve(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((score, i) => ({ score, label: labels[i]! })).sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  order.forEach((o, i) => {
    if (o.label) {
      positives++;
      rankSum += i + 1;
    }
  });
  const negatives = order.length - positives;
  if (!positives || !negatives) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function calibrate(index: KbIndex, families: Families, options: CalibrateOptions = {}): Calibration {
  const started = performance.now();
  const { xs, ys, asked, rankedFirst } = pseudoExamples(index, families, options.questions);
  const weights = fitLogistic(xs, ys, { l2: PRIOR_STRENGTH, prior: PRIOR, signs: SIGNS });
  const separation = areaUnderCurve(
    xs.map((x) => dot(weights, x)),
    ys,
  );
  return {
    weights,
    stats: { questions: asked, rankedFirst, samples: xs.length, separation, milliseconds: Math.round(performance.now() - started) },
  };
}
