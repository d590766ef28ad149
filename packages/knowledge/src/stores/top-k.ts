/**
 * Top-k selection with a small binary min-heap over preallocated typed arrays: one pass over the
 * candidates, O(n log k), no object per candidate.
 */

/** Keeps the `k` highest scores seen and the slot each came from. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly slots: Int32Array;
  private size = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 0));
    this.slots = new Int32Array(Math.max(k, 0));
  }

  /** The lowest score kept once full (`-Infinity` before): a candidate must beat it. */
  get threshold(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : this.scores[0]!;
  }

  /** Offers a candidate; kept when among the `k` best so far. */
  push(score: number, slot: number): void {
    const { scores, slots } = this;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (scores[parent]! <= score) break;
        scores[i] = scores[parent]!;
        slots[i] = slots[parent]!;
        i = parent;
      }
      scores[i] = score;
      slots[i] = slot;
      return;
    }
    if (this.k === 0 || score <= scores[0]!) return;
    let i = 0;
    const n = this.size;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && scores[right]! < scores[left]! ? right : left;
      if (scores[child]! >= score) break;
      scores[i] = scores[child]!;
      slots[i] = slots[child]!;
      i = child;
    }
    scores[i] = score;
    slots[i] = slot;
  }

  /** The kept candidates, best first. */
  sorted(): { score: number; slot: number }[] {
    const out: { score: number; slot: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ score: this.scores[i]!, slot: this.slots[i]! });
    return out.sort((a, b) => b.score - a.score);
  }
}
