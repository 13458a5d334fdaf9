import { join } from 'node:path';
import { createEngine } from '../../src/engine';
import { calibrate, confidenceFrom, DECISION, MODEL_INPUTS, PRIOR } from '../../src/engine/calibration';
import { FEATURE_NAMES } from '../../src/engine/decision-features';
import { buildFamilies } from '../../src/engine/families';
import { KbIndex } from '../../src/engine/kb-index';
import { fitLogistic, sigmoid } from '../../src/engine/logistic';
import { outsideQuestions, pseudoQuestions } from '../../src/engine/pseudo-questions';
import { loadKnowledgeBase } from '../../src/kb/load';

const sample = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));

describe('logistic regression', () => {
  // A known model, y ~ Bernoulli(sigmoid(-1 + 2a - 3b)), recovered from its samples.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const xs = Array.from({ length: 4000 }, () => Float64Array.from([1, random() * 2, random() * 2]));
  const ys = xs.map((x) => (random() < sigmoid(-1 + 2 * x[1]! - 3 * x[2]!) ? 1 : 0));

  it('recovers the weights of the model that made the data', () => {
    const w = fitLogistic(xs, ys, { l2: 0.01 });
    expect(w[0]).toBeCloseTo(-1, 0);
    expect(w[1]).toBeCloseTo(2, 0);
    expect(w[2]).toBeCloseTo(-3, 0);
  });

  it('keeps a weight on its side when told, and stays near the prior with no data', () => {
    const w = fitLogistic(xs, ys, { l2: 0.01, signs: [0, 0, 1] });
    expect(w[2]).toBe(0);
    expect(Array.from(fitLogistic([], [], { prior: [0.5, -1, 2] }))).toEqual([0.5, -1, 2]);
  });
});

describe('pseudo-questions', () => {
  const index = new KbIndex(sample);

  it('are made from the entries, the same every time', () => {
    const a = pseudoQuestions(index, { count: 50 });
    const b = pseudoQuestions(index, { count: 50 });
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(40);
    for (const q of a) expect(q.text.length).toBeGreaterThan(1);
  });

  it('questions from outside the catalogue are everyday words, the same every time', () => {
    const a = outsideQuestions(20);
    expect(a).toHaveLength(20);
    expect(outsideQuestions(20)).toEqual(a);
  });
});

describe('calibration per knowledge base', () => {
  const index = new KbIndex(sample);
  const families = buildFamilies(sample.entries);
  const calibration = calibrate(index, families);

  it('fits one weight per model input, from the knowledge base, and moves away from the prior', () => {
    expect(calibration.weights).toHaveLength(MODEL_INPUTS.length);
    expect(PRIOR).toHaveLength(MODEL_INPUTS.length);
    expect(Array.from(calibration.weights)).not.toEqual(Array.from(PRIOR));
    expect(calibration.stats.questions).toBeGreaterThan(100);
    expect(calibration.stats.rankedFirst / calibration.stats.questions).toBeGreaterThan(0.5);
  });

  it('is more confident the clearer the lead, other things equal', () => {
    const base = new Float64Array(FEATURE_NAMES.length);
    const at = (ratio: number) => {
      const f = Float64Array.from(base);
      f[FEATURE_NAMES.indexOf('score')] = 0.6;
      f[FEATURE_NAMES.indexOf('nameCoverage')] = 0.8;
      f[FEATURE_NAMES.indexOf('questionCoverage')] = 0.8;
      f[FEATURE_NAMES.indexOf('runnerUpRatio')] = ratio;
      f[FEATURE_NAMES.indexOf('gap')] = 0.6 * (1 - ratio);
      return confidenceFrom(calibration, f);
    };
    expect(at(0.3)).toBeGreaterThan(at(0.7));
    expect(at(0.7)).toBeGreaterThan(at(0.99));
  });

  it('an engine says what it learned, for kb validate and /healthz', () => {
    const engine = createEngine(sample);
    const c = engine.calibration;
    expect(c.thresholds).toEqual({ answer: DECISION.answer, clarify: DECISION.clarify });
    expect(c.pseudoQuestions).toBeGreaterThan(100);
    expect(c.rankedFirst).toBeGreaterThan(0.5);
    expect(c.separation).toBeGreaterThan(0.8);
    expect(Object.keys(c.weights)).toEqual([...MODEL_INPUTS]);
  });

  it('makes decisions whose confidence sits on the right side of the cut-offs', () => {
    const engine = createEngine(sample);
    for (const q of ['开药店要准备什么材料', '排水许可在哪里办', '特殊建设工程消防', '月球上能不能开火锅店']) {
      const d = engine.ask(q);
      if (d.kind === 'answer') expect(d.confidence).toBeGreaterThanOrEqual(DECISION.answer);
      if (d.kind === 'clarify') expect(d.confidence).toBeGreaterThanOrEqual(DECISION.clarify);
    }
  });
});
