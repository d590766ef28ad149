import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, EmbeddingError } from '../errors.js';
import { decodeBase64Vector, vectorsOf } from './vectors.js';

const b64 = (values: number[]) => Buffer.from(Float32Array.from(values).buffer).toString('base64');

describe('decodeBase64Vector', () => {
  it('decodes little-endian float32, padded or not', () => {
    expect(decodeBase64Vector(b64([1.5, -2, 0.25]))).toEqual(Float32Array.from([1.5, -2, 0.25]));
    expect(decodeBase64Vector(b64([3.25])).length).toBe(1);
    expect(decodeBase64Vector(b64([1, 2, 3]).replace(/=+$/, ''))).toEqual(Float32Array.from([1, 2, 3]));
  });

  it('refuses bytes that are not whole floats, and text that is not base64', () => {
    expect(() => decodeBase64Vector('AAAAAAA=')).toThrow(EmbeddingError);
    expect(() => decodeBase64Vector('!!!!!!!!!!!!!!!!')).toThrow('not valid base64');
  });
});

describe('vectorsOf', () => {
  it('orders items by index and accepts floats or base64', () => {
    const vectors = vectorsOf(
      [
        { index: 1, embedding: [3, 4] },
        { index: 0, embedding: b64([1, 2]) },
      ],
      2,
      2,
      'server',
    );
    expect(vectors).toEqual([Float32Array.from([1, 2]), Float32Array.from([3, 4])]);
  });

  it('refuses repeated indexes, malformed vectors, wrong counts and wrong lengths', () => {
    const item = { index: 0, embedding: [1, 2] };
    expect(() => vectorsOf([item, item], 2, 2, 's')).toThrow('missing or repeated index (0)');
    expect(() => vectorsOf([{ index: 0, embedding: [1, 'x'] }], 1, 2, 's')).toThrow(
      'neither base64 nor numbers',
    );
    expect(() => vectorsOf(undefined, 1, 2, 's')).toThrow('without a data array');
    expect(() => vectorsOf([item], 2, 2, 's')).toThrow('returned 1 embeddings for 2 texts');
    expect(() => vectorsOf([item], 1, 3, 's')).toThrow(DimensionMismatchError);
  });
});
