/** Sparse vectors: sorted feature indices and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export function dot(w: Float64Array, x: SparseVector): number {
  let s = 0;
  const { indices, values } = x;
  for (let k = 0; k < indices.length; k++) s += w[indices[k]!]! * values[k]!;
  return s;
}

/** w += scale · x */
export function addScaled(w: Float64Array, x: SparseVector, scale: number): void {
  const { indices, values } = x;
  for (let k = 0; k < indices.length; k++) w[indices[k]!]! += scale * values[k]!;
}

export function squaredNorm(x: SparseVector): number {
  let s = 0;
  for (const v of x.values) s += v * v;
  return s;
}
