import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './fusion.js';
import type { SearchHit } from './types.js';

const hit = (id: string, score = 0): SearchHit => ({
  id,
  source: `${id}.md`,
  index: 0,
  text: id,
  score,
  metadata: {},
});

describe('reciprocalRankFusion', () => {
  it('scores each item by the sum of 1 / (60 + rank) over the lists, best first', () => {
    const fused = reciprocalRankFusion([
      [hit('a', 0.9), hit('b', 0.8), hit('c', 0.1)],
      [hit('c', 12), hit('b', 7)],
    ]);
    // c (ranks 3 and 1) edges out b (ranks 2 and 2): 1/63 + 1/61 > 2/62.
    expect(fused.map((h) => h.id)).toEqual(['c', 'b', 'a']);
    expect(fused[0]!.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 62 + 1 / 62, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 61, 12);
  });

  it('leaves the input hits untouched', () => {
    const list = [hit('a', 0.5)];
    reciprocalRankFusion([list, list]);
    expect(list[0]!.score).toBe(0.5);
  });
});
