/**
 * One-vs-rest linear support vector machines (L2-regularised, squared hinge loss), trained by dual
 * coordinate descent (Hsieh et al. 2008, the method of LIBLINEAR's default solver). On sparse text
 * features it converges in a few passes over the data and needs no learning rate. The order of
 * visits is drawn from a seeded generator, so the same data gives the same model.
 */
import { seededRandom } from '../util';
import { addScaled, dot, squaredNorm, type SparseVector } from './sparse';

export interface SvmOptions {
  /** Inverse regularisation strength. */
  C: number;
  /** Stop when the projected gradient's spread falls below this. */
  tolerance?: number;
  maxPasses?: number;
  seed?: number;
  /** Weight the positive examples by this factor (the negatives by 1): rare classes need it for macro-F1. */
  positiveWeight?: number;
}

/** Weights of one binary machine: labels are +1 for `positive[i]`, −1 otherwise. */
export function trainBinarySvm(x: readonly SparseVector[], positive: readonly boolean[], dims: number, opts: SvmOptions): Float64Array {
  const { C, tolerance = 0.1, maxPasses = 200, seed = 1, positiveWeight = 1 } = opts;
  const n = x.length;
  const w = new Float64Array(dims);
  const alpha = new Float64Array(n);
  const diagonal = positive.map((p) => 1 / (2 * C * (p ? positiveWeight : 1)));
  const q = x.map((xi, i) => squaredNorm(xi) + diagonal[i]!);
  const y = positive.map((p) => (p ? 1 : -1));
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let pass = 0; pass < maxPasses; pass++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (const i of order) {
      const yi = y[i]!;
      const g = yi * dot(w, x[i]!) - 1 + diagonal[i]! * alpha[i]!;
      const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
      maxPg = Math.max(maxPg, pg);
      minPg = Math.min(minPg, pg);
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i]!;
        alpha[i] = Math.max(old - g / q[i]!, 0);
        addScaled(w, x[i]!, (alpha[i]! - old) * yi);
      }
    }
    if (maxPg - minPg < tolerance) break;
  }
  return w;
}

/**
 * One machine per class. `balance` weighs each class's positives by how much rarer they are than
 * the average class (a 366-message class against a 1,208-message one), which helps macro-F1.
 */
export function trainOneVsRest(x: readonly SparseVector[], labels: readonly number[], classes: number, dims: number, opts: SvmOptions & { balance?: number }): Float64Array[] {
  const { balance = 0, ...svm } = opts;
  return Array.from({ length: classes }, (_, c) => {
    const positive = labels.map((l) => l === c);
    const share = positive.filter(Boolean).length / labels.length;
    return trainBinarySvm(x, positive, dims, { ...svm, positiveWeight: Math.pow(1 / (classes * share), balance) });
  });
}

export function decisionValues(weights: readonly Float64Array[], x: SparseVector): number[] {
  return weights.map((w) => dot(w, x));
}
