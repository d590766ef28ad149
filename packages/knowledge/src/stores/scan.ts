/**
 * Exact nearest-neighbour search: one tight pass over a contiguous matrix of normalised rows, a
 * dot product per row, the best kept in a {@link TopK} heap. Shared by the stores that search in
 * process (in-memory, SQLite).
 */
import { TopK } from './top-k.js';
import { dotAt } from './vector-math.js';

/**
 * The `k` rows of `matrix` (`rows` rows of `query.length` values) with the highest dot product
 * with `query`, best first; `accept` (when given) skips the rows it refuses.
 */
export function exactTopK(
  query: Float32Array,
  matrix: Float32Array,
  rows: number,
  k: number,
  accept?: (row: number) => boolean,
): { score: number; slot: number }[] {
  const top = new TopK(Math.min(k, rows));
  if (top.k <= 0) return [];
  const dimensions = query.length;
  for (let row = 0, offset = 0; row < rows; row++, offset += dimensions) {
    if (accept !== undefined && !accept(row)) continue;
    const score = dotAt(query, matrix, offset);
    if (score > top.threshold) top.push(score, row);
  }
  return top.sorted();
}
