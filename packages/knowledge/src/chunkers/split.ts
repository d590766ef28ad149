/**
 * The splitting every chunker shares: cut a text into pieces no larger than a size at the
 * coarsest separator that works (paragraph, line, sentence, word, character), then merge the
 * pieces back into chunks of up to that size, each repeating up to `overlap` of the previous one's
 * end. Pieces keep their separators, so the pieces of a text join back into it exactly.
 */
import { ConfigError } from '@agno/core';

/** A separator: a string, or a pattern (global matching is applied) such as a sentence end. */
export type Separator = string | RegExp;

/** Paragraph, line, sentence end, word: the default separators, coarsest first. */
export const DEFAULT_SEPARATORS: readonly Separator[] = ['\n\n', '\n', /(?<=[.!?。！？])\s+/g, ' '];

/** Measures a piece of text (characters by default). */
export type Measure = (text: string) => number;

const charLength: Measure = (text) => text.length;

/**
 * Cuts `text` into pieces of at most `size` (by `measure`), splitting at the first separator of
 * `separators` that occurs in it and recursing with the finer ones into pieces still too big; a
 * piece with no separator left is cut every `size` characters. `pieces.join('') === text`.
 */
export function splitPieces(
  text: string,
  size: number,
  separators: readonly Separator[] = DEFAULT_SEPARATORS,
  measure: Measure = charLength,
): string[] {
  const out: string[] = [];
  cut(text, size, separators, 0, measure, out);
  return out;
}

function cut(
  text: string,
  size: number,
  separators: readonly Separator[],
  from: number,
  measure: Measure,
  out: string[],
): void {
  if (measure(text) <= size) {
    out.push(text);
    return;
  }
  for (let s = from; s < separators.length; s++) {
    const parts = splitKeeping(text, separators[s]!);
    if (parts.length < 2) continue;
    for (const part of parts) cut(part, size, separators, s + 1, measure, out);
    return;
  }
  hardCut(text, size, measure, out);
}

/** Splits `text` after each occurrence of `separator`, which stays at the end of its piece. */
function splitKeeping(text: string, separator: Separator): string[] {
  const parts: string[] = [];
  let start = 0;
  if (typeof separator === 'string') {
    if (separator === '') return [text];
    for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, start)) {
      const end = at + separator.length;
      if (end < text.length) parts.push(text.slice(start, end));
      else break;
      start = end;
    }
  } else {
    const pattern = separator.global ? separator : new RegExp(separator.source, `${separator.flags}g`);
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const end = m.index + m[0].length;
      if (m[0].length === 0) pattern.lastIndex++;
      else if (end < text.length) {
        parts.push(text.slice(start, end));
        start = end;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Cuts a text with no separator left into slices of `size` characters (never inside a surrogate pair). */
function hardCut(text: string, size: number, measure: Measure, out: string[]): void {
  // Characters per slice: `size` when measuring characters, else scaled by the text's density.
  const step = Math.max(1, Math.floor((size * text.length) / Math.max(1, measure(text))));
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + step);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff && end - 1 > start) end--;
    out.push(text.slice(start, end));
    start = end;
  }
}

/**
 * Merges pieces (with their sizes) into chunk texts of at most `size`: pieces are added while they
 * fit; each new chunk starts with the previous one's last pieces that fit in `overlap`. Chunk
 * texts are trimmed; blank ones are dropped.
 */
export function mergePieces(
  pieces: readonly string[],
  sizes: readonly number[],
  size: number,
  overlap: number,
): string[] {
  const chunks: string[] = [];
  let first = 0;
  let total = 0;
  const emit = (end: number): void => {
    const text = pieces.slice(first, end).join('').trim();
    if (text !== '') chunks.push(text);
  };
  for (let i = 0; i < pieces.length; i++) {
    const n = sizes[i]!;
    if (total + n > size && i > first) {
      emit(i);
      while (first < i && (total > overlap || total + n > size)) total -= sizes[first++]!;
    }
    total += n;
  }
  if (first < pieces.length) emit(pieces.length);
  return chunks;
}

/** Splits and merges `text` in one go (character or `measure` sizes). */
export function splitText(
  text: string,
  size: number,
  overlap: number,
  separators: readonly Separator[] = DEFAULT_SEPARATORS,
  measure: Measure = charLength,
): string[] {
  const pieces = splitPieces(text, size, separators, measure);
  return mergePieces(
    pieces,
    measure === charLength ? pieces.map(charLength) : pieces.map(measure),
    size,
    overlap,
  );
}

/** Checks chunk size options: a positive size and an overlap below it. */
export function checkSizes(size: number, overlap: number, what: string): void {
  if (!(Number.isInteger(size) && size > 0))
    throw new ConfigError(`${what}: size must be a positive integer`);
  if (!(Number.isInteger(overlap) && overlap >= 0 && overlap < size)) {
    throw new ConfigError(`${what}: overlap must be an integer from 0 to size - 1`);
  }
}
