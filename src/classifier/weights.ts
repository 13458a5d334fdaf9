/** A class's weights as int16 with one scale (the largest magnitude maps to 32767), and back. */
export function encodeWeights(w: Float64Array): { scale: number; int16: string } {
  let max = 0;
  for (const v of w) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 32767 : 1;
  const ints = new Int16Array(w.length);
  for (let j = 0; j < w.length; j++) ints[j] = Math.round(w[j]! / scale);
  return { scale, int16: Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength).toString('base64') };
}

export function decodeWeights(encoded: { scale: number; int16: string }, dims: number): Float32Array {
  const bytes = Buffer.from(encoded.int16, 'base64');
  if (bytes.length !== dims * 2) throw new Error(`a class's weights have ${bytes.length / 2} values for ${dims} columns`);
  const w = new Float32Array(dims);
  for (let j = 0; j < dims; j++) w[j] = bytes.readInt16LE(j * 2) * encoded.scale;
  return w;
}
