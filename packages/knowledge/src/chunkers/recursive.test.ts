import { isAgnoError, type KnowledgeDocument } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { chunkId, textHash } from './chunk-of.js';
import { recursiveChunker } from './recursive.js';
import { splitPieces } from './split.js';

const paragraph = (n: number, words = 30): string =>
  `${Array.from({ length: words }, (_, i) => `p${n}w${i}`).join(' ')}.`;

const doc = (content: string, extra: Partial<KnowledgeDocument> = {}): KnowledgeDocument => ({
  source: 'docs/a.md',
  content,
  ...extra,
});

describe('splitPieces', () => {
  it('keeps every character: the pieces join back into the text', () => {
    const text = `${paragraph(1)}\n\n${paragraph(2)}\nA line. Two sentences! And ${'x'.repeat(250)} end`;
    const pieces = splitPieces(text, 40);
    expect(pieces.join('')).toBe(text);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(40);
  });

  it('never cuts a surrogate pair', () => {
    const pieces = splitPieces('🎉'.repeat(50), 7);
    for (const piece of pieces) expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    expect(pieces.join('')).toBe('🎉'.repeat(50));
  });
});

describe('recursiveChunker', () => {
  it('cuts at paragraphs first, keeps chunks within size, and overlaps', () => {
    const text = [1, 2, 3, 4, 5].map((n) => paragraph(n, 12)).join('\n\n');
    const chunks = recursiveChunker({ size: 200, overlap: 60 })(doc(text));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(200);
    // Every paragraph is whole in some chunk (paragraphs are under the size).
    for (const n of [1, 2, 3, 4, 5]) {
      expect(chunks.some((c) => c.text.includes(paragraph(n, 12)))).toBe(true);
    }
  });

  it('repeats the end of a chunk at the start of the next (sentence overlap)', () => {
    const sentences = Array.from({ length: 20 }, (_, i) => `Sentence number ${i} is here.`);
    const chunks = recursiveChunker({ size: 120, overlap: 40 })(doc(sentences.join(' ')));
    for (let i = 1; i < chunks.length; i++) {
      const lastOfPrevious = chunks[i - 1]!.text.split(/(?<=\.)\s+/).at(-1)!;
      expect(chunks[i]!.text.startsWith(lastOfPrevious)).toBe(true);
    }
    // Nothing is lost: every sentence appears.
    for (const s of sentences) expect(chunks.some((c) => c.text.includes(s))).toBe(true);
  });

  it('gives ids that depend on source, position and text only, and copies metadata', () => {
    const d = doc(`${paragraph(1)}\n\n${paragraph(2)}`, { title: 'A', metadata: { lang: 'en' } });
    const chunker = recursiveChunker({ size: 200, overlap: 0 });
    const first = chunker(d);
    const again = recursiveChunker({ size: 200, overlap: 0 })({ ...d });
    expect(again.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(first[0]).toMatchObject({ source: 'docs/a.md', index: 0, title: 'A', metadata: { lang: 'en' } });
    expect(first[0]!.id).toBe(chunkId('docs/a.md', 0, first[0]!.text));
    expect(first[0]!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(first[0]!.hash).toBe(textHash(first[0]!.text));
    const other = chunker({ ...d, source: 'docs/b.md' });
    expect(other[0]!.id).not.toBe(first[0]!.id);
    expect(other[0]!.hash).toBe(first[0]!.hash);
    expect(d.metadata).toEqual({ lang: 'en' });
  });

  it('gives no chunks for blank text', () => {
    expect(recursiveChunker()(doc('  \n\n \n'))).toEqual([]);
  });

  it('rejects bad sizes with a config error', () => {
    for (const options of [{ size: 0 }, { size: 100, overlap: 100 }, { size: 10.5 }]) {
      let error: unknown;
      try {
        recursiveChunker(options);
      } catch (e) {
        error = e;
      }
      expect(isAgnoError(error, 'config_error')).toBe(true);
    }
  });
});
