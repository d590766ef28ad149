/**
 * Reciprocal rank fusion: several ranked lists into one, each item scored by the sum over the
 * lists of 1 / (k + its rank there).
 */
import type { SearchHit } from './types.js';

/** The constant of reciprocal rank fusion (Cormack et al.): 60. */
export const RRF_K = 60;

/** Fuses ranked lists of hits (best first) by reciprocal rank; the result is best first. */
export function reciprocalRankFusion(lists: readonly (readonly SearchHit[])[], k = RRF_K): SearchHit[] {
  const fused = new Map<string, SearchHit>();
  for (const list of lists) {
    for (let rank = 0; rank < list.length; rank++) {
      const hit = list[rank]!;
      const add = 1 / (k + rank + 1);
      const seen = fused.get(hit.id);
      if (seen === undefined) fused.set(hit.id, { ...hit, score: add });
      else seen.score += add;
    }
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
