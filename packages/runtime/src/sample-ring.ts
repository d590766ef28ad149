/**
 * A fixed-size ring of profile samples stored column by column (typed arrays), so that
 * recording one allocates nothing and retained samples do not churn the old generation.
 * Sample objects are built only when read.
 */

/** What the profiler groups samples under (one object per agent, operation and name). */
export interface SampleGroup {
  agent: string;
  operation: string;
  name: string;
}

/** Cache status codes in the ring. */
const CACHE = [undefined, 'hit', 'miss', 'skip'] as const;
export type CacheCode = 0 | 1 | 2 | 3;

/** One sample as stored: see ProfileSample for the meaning of the fields. */
export interface RingSample<G extends SampleGroup> {
  group: G;
  durationMs: number;
  heapDeltaBytes: number | undefined;
  tokens: number;
  cache: (typeof CACHE)[number];
  error: string | undefined;
  endedAt: number;
}

/** The newest `capacity` samples. */
export class SampleRing<G extends SampleGroup> {
  private size = 0;
  private next = 0;
  private duration: Float64Array | undefined;
  private heap: Float64Array | undefined;
  private tokens: Float64Array | undefined;
  private ended: Float64Array | undefined;
  private cache: Uint8Array | undefined;
  private groups: G[] = [];
  private errors: (string | undefined)[] = [];

  constructor(readonly capacity: number) {}

  /** Samples held. */
  get length(): number {
    return this.size;
  }

  /** Stores a sample, replacing the oldest when full. `heapDelta` NaN means unknown. */
  push(
    group: G,
    durationMs: number,
    heapDelta: number,
    tokens: number,
    cache: CacheCode,
    error: string | undefined,
  ): void {
    if (this.duration === undefined) {
      // Allocated on the first sample, not when the profiler is made.
      const n = this.capacity;
      this.duration = new Float64Array(n);
      this.heap = new Float64Array(n);
      this.tokens = new Float64Array(n);
      this.ended = new Float64Array(n);
      this.cache = new Uint8Array(n);
    }
    const i = this.next;
    this.duration[i] = durationMs;
    this.heap![i] = heapDelta;
    this.tokens![i] = tokens;
    this.ended![i] = Date.now();
    this.cache![i] = cache;
    this.groups[i] = group;
    this.errors[i] = error;
    this.next = i + 1 === this.capacity ? 0 : i + 1;
    if (this.size < this.capacity) this.size++;
  }

  /** The storage index of the `k`-th oldest sample. */
  private index(k: number): number {
    return this.size < this.capacity ? k : (this.next + k) % this.capacity;
  }

  /** The `k`-th oldest sample, as an object. */
  at(k: number): RingSample<G> {
    const i = this.index(k);
    const heap = this.heap![i]!;
    return {
      group: this.groups[i]!,
      durationMs: this.duration![i]!,
      heapDeltaBytes: Number.isNaN(heap) ? undefined : heap,
      tokens: this.tokens![i]!,
      cache: CACHE[this.cache![i]!],
      error: this.errors[i],
      endedAt: this.ended![i]!,
    };
  }

  /** Durations per group, in no particular order. */
  durationsByGroup(): Map<G, number[]> {
    const out = new Map<G, number[]>();
    for (let i = 0; i < this.size; i++) {
      const g = this.groups[i]!;
      const list = out.get(g);
      if (list === undefined) out.set(g, [this.duration![i]!]);
      else list.push(this.duration![i]!);
    }
    return out;
  }

  /** The positions (oldest = 0) of the `n` slowest samples, slowest first. */
  slowest(n: number): number[] {
    const ks = Array.from({ length: this.size }, (_, k) => k);
    ks.sort((a, b) => this.duration![this.index(b)]! - this.duration![this.index(a)]!);
    return ks.slice(0, n);
  }

  /** Forgets every sample. */
  clear(): void {
    this.size = 0;
    this.next = 0;
    this.groups = [];
    this.errors = [];
  }
}
