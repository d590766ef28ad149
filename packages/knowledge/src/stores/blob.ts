/**
 * Float32 vectors as bytes (little-endian IEEE 754, 4 bytes a value): the BLOB format of the SQLite
 * store, and of any store that keeps vectors as raw bytes.
 */
import { StoreError } from '@agno/core';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of `vector` (a copy, so later changes to `vector` do not reach them). */
export function encodeVector(vector: Float32Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new StoreError('float32 BLOBs need a little-endian machine');
  return new Uint8Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
}

/**
 * Copies the float32 values of `bytes` into `out` at `offset`; a `StoreError` when `bytes` do not
 * hold exactly `dimensions` values (a damaged or foreign row).
 */
export function decodeVectorInto(bytes: Uint8Array, dimensions: number, out: Float32Array, offset = 0): void {
  if (bytes.byteLength !== dimensions * 4) {
    throw new StoreError(`a stored vector has ${bytes.byteLength} bytes, expected ${dimensions * 4}`, {
      code: 'store_error',
    });
  }
  if (!LITTLE_ENDIAN) throw new StoreError('float32 BLOBs need a little-endian machine');
  const aligned =
    bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, dimensions)
      : new Float32Array(bytes.slice().buffer, 0, dimensions);
  out.set(aligned, offset);
}

/** The float32 vector of `bytes` (a new array). */
export function decodeVector(bytes: Uint8Array, dimensions: number): Float32Array {
  const out = new Float32Array(dimensions);
  decodeVectorInto(bytes, dimensions, out);
  return out;
}
