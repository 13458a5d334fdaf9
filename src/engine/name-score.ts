/**
 * How well a name matches a question, and a cheap upper bound of it. Retrieval bounds every touched
 * name from a table and computes the exact score (two Math.pow calls) only for the few entries
 * whose bound can still reach the top.
 *
 * Why the bound is exact: x^p is increasing in x, so on a grid cell [i/GRID, (i+1)/GRID) it is at
 * most its value at the cell's upper end. The tables hold those values raised by SLACK, far more
 * than Math.pow's error (about one unit in the last place, 1e-16), so they bound Math.pow's own
 * results. Multiplying non-negative numbers rounds monotonically, so bounding both factors bounds
 * the product.
 */

const NAME_POWER = 0.6;
const QUESTION_POWER = 0.4;

export function nameScore(questionCoverage: number, nameCoverage: number): number {
  // Geometric blend: a long story mentioning a whole item name still scores well,
  // a short question matching a small part of a long name scores less.
  return Math.pow(nameCoverage, NAME_POWER) * Math.pow(questionCoverage, QUESTION_POWER);
}

/** Grid cells per unit: a power of two, so x * GRID and i / GRID are exact. */
const GRID = 1024;
const SLACK = 1e-9;

/** Per grid cell, x^p at the cell's upper end, raised by SLACK. */
function upperTable(p: number): Float64Array {
  const table = new Float64Array(GRID + 1);
  for (let i = 0; i <= GRID; i++) table[i] = Math.pow((i + 1) / GRID, p) * (1 + SLACK);
  return table;
}

const NAME_UPPER = upperTable(NAME_POWER);
const QUESTION_UPPER = upperTable(QUESTION_POWER);

/** At least Math.pow(x, p), for x ≥ 0, from p's table. */
function powUpper(table: Float64Array, x: number, p: number): number {
  const i = Math.floor(x * GRID);
  // Coverages are at most 1 give or take rounding; past the grid the exact value bounds itself.
  return i <= GRID ? table[i]! : Math.pow(x, p);
}

/** At least nameScore(questionCoverage, nameCoverage). */
export function nameScoreUpper(questionCoverage: number, nameCoverage: number): number {
  return powUpper(NAME_UPPER, nameCoverage, NAME_POWER) * powUpper(QUESTION_UPPER, questionCoverage, QUESTION_POWER);
}
