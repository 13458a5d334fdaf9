/**
 * Turning a machine's decision values into probabilities a caller can use. The temperature of a
 * softmax over the one-vs-rest decision values is fitted on out-of-fold decisions (each message
 * scored by machines that never saw it), by minimising log-loss; the reliability table says how
 * often the top guess was right per confidence band, and `reviewBelow` is the confidence under which
 * the guesses were more often wrong than right: those demands go to a person (待研判).
 */
export function softmax(values: readonly number[], temperature: number): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp((v - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

function logLoss(decisions: readonly number[][], gold: readonly number[], temperature: number): number {
  let loss = 0;
  decisions.forEach((d, i) => {
    loss -= Math.log(Math.max(softmax(d, temperature)[gold[i]!]!, 1e-12));
  });
  return loss / decisions.length;
}

/** Golden-section search over log(temperature) in [0.01, 10]: the loss is unimodal there in practice. */
export function fitTemperature(decisions: readonly number[][], gold: readonly number[]): number {
  let lo = Math.log(0.01);
  let hi = Math.log(10);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 60; k++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (logLoss(decisions, gold, Math.exp(a)) < logLoss(decisions, gold, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

export interface ReliabilityBand {
  /** Lower bound of the band's confidence (inclusive); the band ends at the next band's bound. */
  from: number;
  count: number;
  /** Share of the band's top guesses that were right (null for an empty band). */
  accuracy: number | null;
}

export const BAND_EDGES = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95] as const;

export function reliability(confidences: readonly number[], correct: readonly boolean[]): ReliabilityBand[] {
  return BAND_EDGES.map((from, b) => {
    const to = BAND_EDGES[b + 1] ?? Infinity;
    const inBand = confidences.map((c, i) => [c, correct[i]] as const).filter(([c]) => c >= from && c < to);
    const right = inBand.filter(([, ok]) => ok).length;
    return { from, count: inBand.length, accuracy: inBand.length ? right / inBand.length : null };
  });
}

/**
 * The largest confidence c such that the guesses below c were right less than half the time
 * (0 when there is no such c): below it, a guess is more likely wrong than right.
 */
export function reviewThreshold(confidences: readonly number[], correct: readonly boolean[]): number {
  const order = confidences.map((c, i) => [c, correct[i]] as const).sort((a, b) => a[0] - b[0]);
  let right = 0;
  let threshold = 0;
  order.forEach(([c, ok], k) => {
    if (ok) right++;
    const next = order[k + 1]?.[0];
    // Only between distinct confidences, so a threshold never splits a tie.
    if (next !== undefined && next > c && right / (k + 1) < 0.5) threshold = next;
  });
  return threshold;
}
