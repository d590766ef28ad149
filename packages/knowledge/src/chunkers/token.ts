/**
 * The token chunker: chunks of up to `size` tokens of a real tokenizer (`gpt-tokenizer`, loaded on
 * the first chunk so importing `@agno/knowledge` stays fast), cut between the tokenizer's own
 * pre-tokens (words and punctuation), with overlap in tokens.
 */
import { loadPeer } from '@agno/core/utils';
import { chunkOf } from './chunk-of.js';
import { checkSizes, mergePieces } from './split.js';
import type { Chunker, ChunkSizeOptions } from './types.js';

/** The encodings of `gpt-tokenizer` a token chunker can count with. */
export type TokenEncoding = 'o200k_base' | 'cl100k_base' | 'p50k_base' | 'r50k_base';

/** Options of {@link tokenChunker}. */
export interface TokenChunkerOptions extends ChunkSizeOptions {
  /** Largest chunk in tokens. Default 512. */
  size?: number;
  /** Tokens of the previous chunk's end a chunk repeats (at word boundaries). Default 64. */
  overlap?: number;
  /** The encoding (the embedding model's). Default `o200k_base`. */
  encoding?: TokenEncoding;
}

/** The part of a `gpt-tokenizer` encoding the chunker uses. */
interface Encoding {
  encodeGenerator(text: string): Generator<number[], number, undefined>;
  decode(tokens: Iterable<number>): string;
}

/** Loads an encoding of `gpt-tokenizer` once per process. */
function loadEncoding(name: TokenEncoding): Promise<Encoding> {
  return loadPeer(
    `gpt-tokenizer/encoding/${name}`,
    'tokenChunker',
    () => importEncoding(name) as Promise<Encoding>,
  );
}

/** Imports an encoding by a literal path (bundlers see every one). */
function importEncoding(name: TokenEncoding): Promise<unknown> {
  switch (name) {
    case 'cl100k_base':
      return import('gpt-tokenizer/encoding/cl100k_base');
    case 'p50k_base':
      return import('gpt-tokenizer/encoding/p50k_base');
    case 'r50k_base':
      return import('gpt-tokenizer/encoding/r50k_base');
    default:
      return import('gpt-tokenizer/encoding/o200k_base');
  }
}

/**
 * A chunker that counts tokens with `gpt-tokenizer` (`o200k_base` by default): chunks of up to
 * `size` tokens, cut between words (a single pre-token longer than `size`, such as a long run of
 * symbols, is cut between tokens), each repeating up to `overlap` tokens of the previous one's
 * end. Chunks carry `metadata.tokens`. Asynchronous: the tokenizer loads on first use.
 */
export function tokenChunker(options: TokenChunkerOptions = {}): Chunker {
  const size = options.size ?? 512;
  const overlap = options.overlap ?? Math.min(64, Math.floor(size / 8));
  const encodingName = options.encoding ?? 'o200k_base';
  checkSizes(size, overlap, 'tokenChunker');
  return async (document) => {
    const encoding = await loadEncoding(encodingName);
    const pieces: string[] = [];
    const sizes: number[] = [];
    for (const tokens of encoding.encodeGenerator(document.content)) {
      if (tokens.length <= size) {
        pieces.push(encoding.decode(tokens));
        sizes.push(tokens.length);
        continue;
      }
      for (let start = 0; start < tokens.length; start += size) {
        const slice = tokens.slice(start, start + size);
        pieces.push(encoding.decode(slice));
        sizes.push(slice.length);
      }
    }
    const texts = mergePieces(pieces, sizes, size, overlap);
    return texts.map((text, index) => chunkOf(document, index, text, { tokens: countOf(encoding, text) }));
  };
}

/** Tokens in `text` (after trimming, a chunk's count may differ from the sum of its pieces). */
function countOf(encoding: Encoding, text: string): number {
  let n = 0;
  for (const tokens of encoding.encodeGenerator(text)) n += tokens.length;
  return n;
}
