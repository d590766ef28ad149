/**
 * Vector arithmetic the stores share: normalising a vector into a buffer (so that a dot product is
 * the cosine similarity), and the dot product itself.
 */

/**
 * Writes `vector` scaled to length 1 into `out` at `offset` (a zero vector stays zero) and returns
 * its original length. `vector` itself is never changed.
 */
export function normaliseInto(vector: Float32Array, out: Float32Array, offset = 0): number {
  const n = vector.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  const scale = norm === 0 ? 0 : 1 / norm;
  for (let i = 0; i < n; i++) out[offset + i] = vector[i]! * scale;
  return norm;
}

/** A copy of `vector` scaled to length 1 (a zero vector stays zero). */
export function normalised(vector: Float32Array): Float32Array {
  const out = new Float32Array(vector.length);
  normaliseInto(vector, out);
  return out;
}

/**
 * Dot product of `query` with the row of `matrix` starting at `offset` (`query.length` values):
 * eight independent sums, so that the loop is not one long dependency chain.
 */
export function dotAt(query: Float32Array, matrix: Float32Array, offset: number): number {
  const n = query.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  let i = 0;
  let j = offset;
  for (; i + 7 < n; i += 8, j += 8) {
    s0 += query[i]! * matrix[j]!;
    s1 += query[i + 1]! * matrix[j + 1]!;
    s2 += query[i + 2]! * matrix[j + 2]!;
    s3 += query[i + 3]! * matrix[j + 3]!;
    s4 += query[i + 4]! * matrix[j + 4]!;
    s5 += query[i + 5]! * matrix[j + 5]!;
    s6 += query[i + 6]! * matrix[j + 6]!;
    s7 += query[i + 7]! * matrix[j + 7]!;
  }
  for (; i < n; i++, j++) s0 += query[i]! * matrix[j]!;
  return s0 + s1 + (s2 + s3) + (s4 + s5 + (s6 + s7));
}
