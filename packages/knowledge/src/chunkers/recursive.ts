/**
 * The recursive chunker: chunks of up to `size` characters cut at the coarsest separator that
 * fits (paragraph, line, sentence, word), with overlap.
 */
import { chunkOf } from './chunk-of.js';
import { checkSizes, DEFAULT_SEPARATORS, type Separator, splitText } from './split.js';
import type { ChunkSizeOptions, SyncChunker } from './types.js';

/** Options of {@link recursiveChunker}. */
export interface RecursiveChunkerOptions extends ChunkSizeOptions {
  /** Largest chunk in characters. Default 1000. */
  size?: number;
  /** Characters of the previous chunk's end a chunk repeats (at piece boundaries). Default 100. */
  overlap?: number;
  /** Separators, coarsest first. Default paragraph, line, sentence end, space. */
  separators?: readonly Separator[];
}

/**
 * A chunker that cuts documents into chunks of up to `size` characters at paragraph, then line,
 * then sentence, then word boundaries (a word longer than `size` is cut), each chunk repeating up
 * to `overlap` characters of the previous one's end.
 */
export function recursiveChunker(options: RecursiveChunkerOptions = {}): SyncChunker {
  const size = options.size ?? 1000;
  const overlap = options.overlap ?? Math.min(100, Math.floor(size / 10));
  const separators = options.separators ?? DEFAULT_SEPARATORS;
  checkSizes(size, overlap, 'recursiveChunker');
  return (document) =>
    splitText(document.content, size, overlap, separators).map((text, index) =>
      chunkOf(document, index, text),
    );
}
