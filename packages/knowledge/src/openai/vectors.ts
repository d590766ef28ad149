/**
 * Reading the vectors of an embeddings response: base64 of little-endian float32 decoded
 * straight into a `Float32Array` (no array of numbers in between), or a float array copied;
 * every vector's length and the response's count checked.
 */
import { DimensionMismatchError, EmbeddingError } from '../errors.js';

/** One item of an embeddings response's `data`. */
export interface EmbeddingItem {
  index?: unknown;
  embedding?: unknown;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The float32 vector a base64 text holds. */
export function decodeBase64Vector(text: string): Float32Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((text.length * 3) / 4) - padding;
  if (bytes % 4 !== 0) throw new EmbeddingError(`an embedding of ${bytes} bytes is not a float32 vector`);
  const out = new Float32Array(bytes / 4);
  const written = Buffer.from(out.buffer).write(text, 'base64');
  if (written !== bytes) throw new EmbeddingError('an embedding is not valid base64');
  if (!LITTLE_ENDIAN) Buffer.from(out.buffer).swap32();
  return out;
}

/**
 * The `count` vectors of a response's `data`, in input order (by each item's `index`). A missing,
 * duplicated or malformed item is an `EmbeddingError`; a vector that is not `dimensions` long a
 * `DimensionMismatchError`.
 */
export function vectorsOf(data: unknown, count: number, dimensions: number, where: string): Float32Array[] {
  if (!Array.isArray(data)) throw new EmbeddingError(`${where} answered without a data array`);
  if (data.length !== count)
    throw new EmbeddingError(`${where} returned ${data.length} embeddings for ${count} texts`, {
      details: { expected: count, received: data.length },
    });
  const out = new Array<Float32Array>(count);
  for (let i = 0; i < count; i++) {
    const item = data[i] as EmbeddingItem | null;
    const index = item?.index ?? i;
    if (
      typeof index !== 'number' ||
      !Number.isInteger(index) ||
      index < 0 ||
      index >= count ||
      out[index] !== undefined
    )
      throw new EmbeddingError(
        `${where} returned an embedding with a missing or repeated index (${String(index)})`,
      );
    const raw = item?.embedding;
    let vector: Float32Array;
    if (typeof raw === 'string') vector = decodeBase64Vector(raw);
    else if (Array.isArray(raw) && raw.every((x) => typeof x === 'number')) vector = Float32Array.from(raw);
    else throw new EmbeddingError(`${where} returned an embedding that is neither base64 nor numbers`);
    if (vector.length !== dimensions) throw new DimensionMismatchError(dimensions, vector.length, where);
    out[index] = vector;
  }
  return out;
}
