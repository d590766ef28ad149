/**
 * An in-memory BM25 index (k1 = 1.2, b = 0.75) over chunk texts, by chunk id: the keyword search of
 * the in-memory store. Words are runs of Unicode letters and digits, lower-cased; anything else in
 * a query (quotes, operators) is a separator, never syntax.
 */

const K1 = 1.2;
const B = 0.75;

/** The words of `text`, lower-cased. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Term frequencies per chunk, and document lengths, updated as chunks come and go. */
export class Bm25Index {
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly lengths = new Map<string, number>();
  private readonly termsOf = new Map<string, string[]>();
  private totalLength = 0;

  /** Indexes `text` under `id` (replacing what `id` had). */
  add(id: string, text: string): void {
    this.remove(id);
    const tokens = words(text);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let posting = this.postings.get(term);
      if (posting === undefined) {
        posting = new Map();
        this.postings.set(term, posting);
      }
      posting.set(id, tf);
    }
    this.lengths.set(id, tokens.length);
    this.termsOf.set(id, [...counts.keys()]);
    this.totalLength += tokens.length;
  }

  /** Removes `id` from the index. */
  remove(id: string): void {
    const terms = this.termsOf.get(id);
    if (terms === undefined) return;
    for (const term of terms) {
      const posting = this.postings.get(term)!;
      posting.delete(id);
      if (posting.size === 0) this.postings.delete(term);
    }
    this.totalLength -= this.lengths.get(id) ?? 0;
    this.lengths.delete(id);
    this.termsOf.delete(id);
  }

  /** BM25 scores of the chunks holding at least one word of `query` (unsorted). */
  score(query: string): Map<string, number> {
    const n = this.lengths.size;
    const scores = new Map<string, number>();
    if (n === 0) return scores;
    const avg = this.totalLength / n || 1;
    for (const term of new Set(words(query))) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [id, tf] of posting) {
        const len = this.lengths.get(id)!;
        const s = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
        scores.set(id, (scores.get(id) ?? 0) + s);
      }
    }
    return scores;
  }
}
