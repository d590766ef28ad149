import { describe, expect, it } from 'vitest';
import { tokenChunker } from './token.js';

describe('tokenChunker', () => {
  it('counts with o200k_base: chunks within size, cut between words, with overlap', async () => {
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`);
    const chunks = await tokenChunker({ size: 100, overlap: 20 })({ source: 's', content: words.join(' ') });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(countTokens(chunk.text)).toBeLessThanOrEqual(100);
      expect(chunk.metadata.tokens).toBe(countTokens(chunk.text));
      // Cut between words: every chunk starts and ends with a whole word.
      expect(words).toContain(chunk.text.split(' ')[0]);
      expect(words).toContain(chunk.text.split(' ').at(-1));
    }
    // Overlap: the next chunk repeats the end of the previous one.
    const lastWord = chunks[0]!.text.split(' ').at(-1)!;
    expect(chunks[1]!.text.split(' ')).toContain(lastWord);
    // Nothing lost.
    const seen = new Set(chunks.flatMap((c) => c.text.split(' ')));
    expect(words.every((w) => seen.has(w))).toBe(true);
  });

  it('keeps multi-byte text intact and gives stable ids', async () => {
    const content = `${'日本語のテキストです。'.repeat(40)} Emoji 🎉 ok.`;
    const a = await tokenChunker({ size: 30, overlap: 5 })({ source: 'jp', content });
    const b = await tokenChunker({ size: 30, overlap: 5 })({ source: 'jp', content });
    expect(a.map((c) => c.id)).toEqual(b.map((c) => c.id));
    expect(a.some((c) => c.text.includes('\uFFFD'))).toBe(false);
    expect(a.at(-1)!.text.endsWith('Emoji 🎉 ok.')).toBe(true);
  });

  it('counts with the encoding asked for', async () => {
    const content = '日本語のテキストです。'.repeat(20);
    const [o200k] = await tokenChunker({ size: 1000, overlap: 0 })({ source: 'x', content });
    const [gpt2] = await tokenChunker({ size: 1000, overlap: 0, encoding: 'r50k_base' })({
      source: 'x',
      content,
    });
    const { countTokens } = await import('gpt-tokenizer/encoding/r50k_base');
    expect(gpt2!.metadata.tokens).toBe(countTokens(content));
    expect(gpt2!.metadata.tokens).toBeGreaterThan(o200k!.metadata.tokens as number);
  });
});
