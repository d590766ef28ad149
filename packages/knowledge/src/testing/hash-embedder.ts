/**
 * A deterministic embedder for tests, examples and benchmarks: texts become normalised hashed
 * bags of words and character trigrams, so texts that share words are close and retrieval tests
 * find the right chunk, offline and fast. It can be told to fail or to return a wrong dimension.
 */
import type { Embedder } from '@agno/core';
import { ConfigError } from '@agno/core';
import { abortError, sleep } from '@agno/core/utils';
import { EmbeddingError } from '../errors.js';

/** Options of {@link TestEmbedder}. */
export interface TestEmbedderOptions {
  /** Vector length. Default 384. */
  dimensions?: number;
  /** Most texts per call (callers split larger sets). Default 256. */
  maxBatchSize?: number;
  /** The model id. Default `test-hash-<dimensions>`. */
  modelId?: string;
  /** Calls (1-based) that throw an `EmbeddingError`. */
  failAt?: number | readonly number[];
  /** Calls (1-based) whose vectors have `dimensions + 1` values. */
  wrongDimensionsAt?: number | readonly number[];
  /** Each call waits this long first (honouring its signal), as a remote embedder would. */
  delayMs?: number;
}

/** Words too common to tell texts apart. */
const STOPWORDS = new Set(
  (
    'a an and are as at be but by for from has have how i if in into is it its of on or so that the ' +
    'their then there these this to was were what when where which who why will with you your'
  ).split(' '),
);

/**
 * The deterministic test embedder (`@agno/knowledge/testing`). Every word (lower-cased, common
 * words left out) and every character trigram of a word adds a signed weight to a dimension
 * picked by its hash (words crudely stemmed: `lasts` is `last`); the vector is then normalised. Counts its calls and the texts it embedded.
 */
export class TestEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  readonly maxBatchSize: number;
  /** Calls made (failed ones included). */
  calls = 0;
  /** Texts embedded by successful calls. */
  embedded = 0;
  readonly #failAt: ReadonlySet<number>;
  readonly #wrongAt: ReadonlySet<number>;
  readonly #delayMs: number;

  constructor(options: TestEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? 384;
    this.maxBatchSize = options.maxBatchSize ?? 256;
    if (!(Number.isInteger(this.dimensions) && this.dimensions > 0)) {
      throw new ConfigError('TestEmbedder: dimensions must be a positive integer');
    }
    if (!(Number.isInteger(this.maxBatchSize) && this.maxBatchSize > 0)) {
      throw new ConfigError('TestEmbedder: maxBatchSize must be a positive integer');
    }
    this.modelId = options.modelId ?? `test-hash-${this.dimensions}`;
    this.#failAt = new Set(toList(options.failAt));
    this.#wrongAt = new Set(toList(options.wrongDimensionsAt));
    this.#delayMs = options.delayMs ?? 0;
  }

  /** One normalised vector per text, in order. */
  async embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    const call = ++this.calls;
    try {
      if (this.#delayMs > 0) await sleep(this.#delayMs, options.signal);
      else options.signal?.throwIfAborted();
    } catch (reason) {
      throw abortError(reason, 'the test embedding');
    }
    if (this.#failAt.has(call)) throw new EmbeddingError(`test embedder: call ${call} fails, as told`);
    const length = this.#wrongAt.has(call) ? this.dimensions + 1 : this.dimensions;
    const vectors = new Array<Float32Array>(texts.length);
    for (let i = 0; i < texts.length; i++) vectors[i] = embedText(texts[i]!, length);
    this.embedded += texts.length;
    return vectors;
  }

  /** Sets the counters back to zero (the failing calls count from the next call as 1). */
  reset(): void {
    this.calls = 0;
    this.embedded = 0;
  }
}

/** Longest word embedded whole; longer words are cut (a guard, not a limit real text meets). */
const MAX_WORD = 128;
const codes = new Uint16Array(MAX_WORD + 2);
const prefixHash = new Uint32Array(MAX_WORD + 1);
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const LETTER = /[\p{L}\p{N}]/u;
/** FNV-1a hashes of the stopwords (a word is one when its hash is here). */
const STOPWORD_HASHES = new Set([...STOPWORDS].map((w) => fnv1a(w, 0, w.length)));

/**
 * The test embedding of one text: a normalised hashed bag of words and character trigrams. One
 * pass over the lower-cased text, no string per word.
 */
export function embedText(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const lower = text.toLowerCase();
  let length = 0;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : 32;
    if (isWordCode(code, lower, i)) {
      if (length < MAX_WORD) codes[1 + length++] = code;
      continue;
    }
    if (length > 0) addWord(vector, length);
    length = 0;
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += vector[i]! * vector[i]!;
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i]! *= scale;
  return vector;
}

/** Letters and digits: ASCII by table, the rest by Unicode class (surrogate pairs count as letters). */
function isWordCode(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return LETTER.test(text[i]!);
}

/** Adds the word in `codes[1..length]`: unless a stopword, its crude stem, and the stem's trigrams. */
function addWord(vector: Float32Array, length: number): void {
  let hash = FNV_OFFSET;
  prefixHash[0] = hash;
  for (let i = 1; i <= length; i++) {
    hash = Math.imul(hash ^ codes[i]!, FNV_PRIME);
    prefixHash[i] = hash >>> 0;
  }
  if (STOPWORD_HASHES.has(prefixHash[length]!)) return;
  const stem = stemLength(length);
  add(vector, prefixHash[stem]!, 1);
  if (stem <= 3) return;
  codes[0] = 32;
  codes[stem + 1] = 32;
  for (let i = 0; i + 3 <= stem + 2; i++) {
    let h = FNV_OFFSET;
    h = Math.imul(h ^ codes[i]!, FNV_PRIME);
    h = Math.imul(h ^ codes[i + 1]!, FNV_PRIME);
    h = Math.imul(h ^ codes[i + 2]!, FNV_PRIME);
    add(vector, (h >>> 0) ^ 0x9e3779b9, 0.25);
  }
}

/** The length of the word's crude stem: plural and verb endings cut (`lasts` → `last`, `charging` → `charg`). */
function stemLength(length: number): number {
  const last = codes[length]!;
  if (length > 5 && last === 103 && codes[length - 1] === 110 && codes[length - 2] === 105) return length - 3;
  if (length > 4 && last === 100 && codes[length - 1] === 101) return length - 2;
  if (length > 3 && last === 115 && codes[length - 1] !== 115) return length - 1;
  return length;
}

/** Adds `weight` at the dimension `hash` picks, with the sign its lowest bit picks. */
function add(vector: Float32Array, hash: number, weight: number): void {
  const index = (hash >>> 1) % vector.length;
  vector[index]! += hash & 1 ? weight : -weight;
}

/** FNV-1a (32 bits) of `text.slice(start, end)`'s UTF-16 units. */
function fnv1a(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

function toList(value: number | readonly number[] | undefined): readonly number[] {
  return value === undefined ? [] : typeof value === 'number' ? [value] : value;
}
