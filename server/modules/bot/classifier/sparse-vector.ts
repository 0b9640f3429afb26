/** A sparse vector: parallel arrays of feature indices and their values. */
export type SparseVector = { indices: Int32Array; values: Float64Array };

export function dot(vector: SparseVector, dense: Float64Array | Float32Array, offset = 0): number {
  let sum = 0;
  for (let position = 0; position < vector.indices.length; position++) {
    sum += (vector.values[position] as number) * (dense[offset + (vector.indices[position] as number)] as number);
  }
  return sum;
}

export function squaredNorm(vector: SparseVector): number {
  let sum = 0;
  for (const value of vector.values) sum += value * value;
  return sum;
}

/** Builds a vector from parallel index and value lists, scaled to unit length (the zero vector stays zero). */
export function unitVector(indices: readonly number[], values: readonly number[]): SparseVector {
  let sum = 0;
  for (const value of values) sum += value * value;
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  const vector = { indices: new Int32Array(indices.length), values: new Float64Array(values.length) };
  for (let position = 0; position < values.length; position++) {
    vector.indices[position] = indices[position] as number;
    vector.values[position] = (values[position] as number) * scale;
  }
  return vector;
}
