/**
 * The arithmetic of the calculator: integers are exact (bigint, up to {@link MAX_DIGITS}
 * digits), anything else is a double. Every double that may have lost integer digits (its
 * magnitude is 2^53 or more, or it came from an integer too large to convert exactly) marks the
 * computation inexact, so the result can say it was rounded instead of silently changing digits.
 */

/** A value in an expression: an exact integer or a double. */
export type Value = number | bigint;

/** Exact integers are kept up to this many digits. */
export const MAX_DIGITS = 1000;
const LIMIT = 10n ** BigInt(MAX_DIGITS);
const SAFE = 2 ** 53;
/** 2 to this power already has more than {@link MAX_DIGITS} digits. */
const MAX_EXPONENT = BigInt(Math.ceil(MAX_DIGITS / Math.log10(2)));

/** An exact integer beyond {@link MAX_DIGITS} digits. */
export class TooLargeError extends Error {}

/** Arithmetic on {@link Value}s that remembers whether precision was lost. */
export class Arithmetic {
  /** True once a double may have lost integer digits. */
  inexact = false;

  /** A double, noting when it is too large for every integer digit to be right. */
  float(x: number): number {
    if (!(Math.abs(x) < SAFE) && Number.isFinite(x)) this.inexact = true;
    return x;
  }

  /** The value as a double. */
  num(v: Value): number {
    return typeof v === 'bigint' ? this.float(Number(v)) : v;
  }

  add(a: Value, b: Value): Value {
    return typeof a === 'bigint' && typeof b === 'bigint'
      ? exact(a + b)
      : this.float(this.num(a) + this.num(b));
  }

  sub(a: Value, b: Value): Value {
    return typeof a === 'bigint' && typeof b === 'bigint'
      ? exact(a - b)
      : this.float(this.num(a) - this.num(b));
  }

  mul(a: Value, b: Value): Value {
    return typeof a === 'bigint' && typeof b === 'bigint'
      ? exact(a * b)
      : this.float(this.num(a) * this.num(b));
  }

  /** Exact when both are integers and the division leaves no remainder. `b` is not zero. */
  div(a: Value, b: Value): Value {
    if (typeof a === 'bigint' && typeof b === 'bigint' && a % b === 0n) return a / b;
    return this.float(this.num(a) / this.num(b));
  }

  /** The remainder, with the sign of `a` (as JavaScript's `%`). `b` is not zero. */
  mod(a: Value, b: Value): Value {
    return typeof a === 'bigint' && typeof b === 'bigint' ? a % b : this.float(this.num(a) % this.num(b));
  }

  neg(a: Value): Value {
    return -a;
  }

  /** Exact for an integer base and a non-negative integer exponent. */
  pow(a: Value, b: Value): Value {
    if (typeof a === 'bigint' && typeof b === 'bigint' && b >= 0n) {
      if (a === 0n || a === 1n) return b === 0n ? 1n : a;
      if (a === -1n) return b % 2n === 0n ? 1n : -1n;
      // |a| >= 2: the result has at least b * log10(2) and more than b * (digits of a - 1) digits.
      if (b > MAX_EXPONENT) throw new TooLargeError();
      const digits = (a < 0n ? -a : a).toString().length - 1;
      if (digits * Number(b) > MAX_DIGITS) throw new TooLargeError();
      return exact(a ** b);
    }
    return this.float(this.num(a) ** this.num(b));
  }
}

/** True for 0 and 0n. */
export function isZero(v: Value): boolean {
  return v === 0 || v === 0n;
}

function exact(v: bigint): bigint {
  if (v >= LIMIT || v <= -LIMIT) throw new TooLargeError();
  return v;
}
