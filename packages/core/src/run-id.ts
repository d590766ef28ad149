/**
 * Run ids: random (version 4) UUIDs, written as one flat string from a pool of random bytes
 * refilled 256 ids at a time. `crypto.randomUUID()` in Node builds each id out of sixteen
 * intermediate strings (about 590 bytes a call); this makes the 36-character string alone.
 */

const POOL_BYTES = 16 * 256;
let pool: Uint8Array | undefined;
let offset = POOL_BYTES;

/** Character codes of the hex digits. */
const HEX = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX[i] = '0123456789abcdef'.charCodeAt(i);
const DASH = 45;

function hi(p: Uint8Array, i: number): number {
  return HEX[p[i]! >> 4]!;
}

function lo(p: Uint8Array, i: number): number {
  return HEX[p[i]! & 15]!;
}

/** A random version 4 UUID (RFC 9562), as `crypto.randomUUID()` gives. */
export function randomRunId(): string {
  if (offset === POOL_BYTES) {
    globalThis.crypto.getRandomValues((pool ??= new Uint8Array(POOL_BYTES)));
    offset = 0;
  }
  const p = pool!;
  const o = offset;
  offset += 16;
  // biome-ignore format: one group of the UUID per line
  return String.fromCharCode(
    hi(p, o), lo(p, o), hi(p, o + 1), lo(p, o + 1), hi(p, o + 2), lo(p, o + 2), hi(p, o + 3), lo(p, o + 3), DASH,
    hi(p, o + 4), lo(p, o + 4), hi(p, o + 5), lo(p, o + 5), DASH,
    HEX[4]!, lo(p, o + 6), hi(p, o + 7), lo(p, o + 7), DASH,
    HEX[((p[o + 8]! & 0x3f) | 0x80) >> 4]!, lo(p, o + 8), hi(p, o + 9), lo(p, o + 9), DASH,
    hi(p, o + 10), lo(p, o + 10), hi(p, o + 11), lo(p, o + 11), hi(p, o + 12), lo(p, o + 12),
    hi(p, o + 13), lo(p, o + 13), hi(p, o + 14), lo(p, o + 14), hi(p, o + 15), lo(p, o + 15),
  );
}
