/** Macro-averaged F1 over classes 0..classes-1 (a class never predicted nor present counts 0). */
export function macroF1(gold: readonly number[], predicted: readonly number[], classes: number): number {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (g === c && p === c) tp++;
      else if (p === c) fp++;
      else if (g === c) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes;
}
