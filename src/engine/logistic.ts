/**
 * Logistic regression, small and dense: a handful of features, a few thousand examples, fitted by
 * Newton's method (iteratively reweighted least squares) with an L2 penalty so that a small
 * knowledge base cannot push a weight to infinity.
 */

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

export function dot(weights: ArrayLike<number>, x: ArrayLike<number>): number {
  let z = 0;
  for (let i = 0; i < weights.length; i++) z += weights[i]! * x[i]!;
  return z;
}

/** Solves A·x = b in place by Gaussian elimination with partial pivoting (A is small and dense). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const d = a[col]![col]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * x[c]!;
    const d = a[r]![r]!;
    x[r] = Math.abs(d) < 1e-12 ? 0 : s / d;
  }
  return x;
}

/**
 * Weights w maximising Σ log-likelihood − l2/2·|w − prior|² (the first feature is the intercept
 * and is penalised like the rest, which keeps a one-sided sample from running away). With few
 * examples the weights stay near the prior. `signs` (+1, −1, 0 free) keeps weights on the side
 * that domain knowledge says they belong (a projected Newton step); `weights` weighs examples.
 */
export function fitLogistic(
  xs: readonly Float64Array[],
  ys: readonly number[],
  opts: { l2?: number; iterations?: number; prior?: ArrayLike<number>; signs?: ArrayLike<number>; weights?: ArrayLike<number> } = {},
): Float64Array {
  const dim = xs[0]?.length ?? opts.prior?.length ?? 0;
  const l2 = opts.l2 ?? 1;
  const prior = opts.prior ?? new Float64Array(dim);
  const w = Float64Array.from(prior);
  for (let iter = 0; iter < (opts.iterations ?? 30); iter++) {
    const h = Array.from({ length: dim }, () => new Float64Array(dim));
    const g = new Float64Array(dim);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const p = sigmoid(dot(w, x));
      const weight = opts.weights?.[i] ?? 1;
      const r = weight * (ys[i]! - p);
      const v = weight * p * (1 - p);
      for (let a = 0; a < dim; a++) {
        g[a]! += r * x[a]!;
        const va = v * x[a]!;
        if (va === 0) continue;
        const row = h[a]!;
        for (let b = a; b < dim; b++) row[b]! += va * x[b]!;
      }
    }
    for (let a = 0; a < dim; a++) {
      g[a]! -= l2 * (w[a]! - prior[a]!);
      h[a]![a]! += l2;
      for (let b = 0; b < a; b++) h[a]![b] = h[b]![a]!;
    }
    const step = solve(h, g);
    let change = 0;
    for (let a = 0; a < dim; a++) {
      const before = w[a]!;
      w[a]! += step[a]!;
      // A weight whose sign is known (more evidence never makes an answer less likely) stays on its side.
      const sign = opts.signs?.[a] ?? 0;
      if (sign * w[a]! < 0) w[a] = 0;
      change = Math.max(change, Math.abs(w[a]! - before));
    }
    if (change < 1e-6) break;
  }
  return w;
}
