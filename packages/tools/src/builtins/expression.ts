/**
 * A small arithmetic evaluator: numbers, + - * / % ^ (and **), parentheses, unary signs,
 * a fixed table of functions and constants. A hand-written recursive-descent parser over a
 * tokenizer; no `eval`, no `Function`, no property lookups on user-given names (the tables
 * are prototype-free maps), bounded input length and nesting depth. Integers are exact at any
 * size (see arithmetic.ts); a result whose digits may be wrong says it was rounded.
 */
import { AgnoError } from '@agno/core';
import { Arithmetic, isZero, MAX_DIGITS, TooLargeError, type Value } from './arithmetic.js';
import { CONSTANTS, FUNCTIONS } from './expression-functions.js';

/** An expression that cannot be evaluated, with the position of the problem. */
export class ExpressionError extends AgnoError {
  constructor(
    message: string,
    /** 0-based character position, when known. */
    readonly position?: number,
  ) {
    super('validation_error', position === undefined ? message : `${message} at position ${position + 1}`);
  }
}

/** The outcome of {@link calculate}. */
export interface Calculation {
  /** The result: a bigint for an exact integer outside the safe integer range, else a number. */
  value: number | bigint;
  /**
   * True when digits of the result may be wrong: a floating-point result of 16 or more digits,
   * or one that went through a value that large. It is then given to 15 significant digits.
   */
  rounded: boolean;
  /** What the model reads: all digits of an exact result, or the rounded one with a note. */
  text: string;
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

/** The functions an expression may call. */
export const EXPRESSION_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);
/** The constants an expression may use. */
export const EXPRESSION_CONSTANTS: readonly string[] = Object.keys(CONSTANTS);

enum T {
  Num,
  Name,
  Op,
  LParen,
  RParen,
  Comma,
  End,
}

interface Token {
  t: T;
  pos: number;
  text: string;
  value: Value;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if ((c >= 48 && c <= 57) || c === 46) {
      while (i < src.length && isDigit(src.charCodeAt(i))) i++;
      if (src[i] === '.') {
        i++;
        while (i < src.length && isDigit(src.charCodeAt(i))) i++;
      }
      if (src[i] === 'e' || src[i] === 'E') {
        let j = i + 1;
        if (src[j] === '+' || src[j] === '-') j++;
        if (isDigit(src.charCodeAt(j))) {
          i = j;
          while (i < src.length && isDigit(src.charCodeAt(i))) i++;
        }
      }
      const text = src.slice(start, i).replace(/_/g, '');
      if (text === '.') throw new ExpressionError('unexpected "."', start);
      // Integers (digits only) are exact; decimals and exponents are doubles.
      const value = /^\d+$/.test(text) ? BigInt(text) : Number(text);
      if (Number.isNaN(value)) throw new ExpressionError(`invalid number "${text}"`, start);
      tokens.push({ t: T.Num, pos: start, text, value });
      continue;
    }
    if (isLetter(c)) {
      while (i < src.length && (isLetter(src.charCodeAt(i)) || isDigit(src.charCodeAt(i)))) i++;
      tokens.push({ t: T.Name, pos: start, text: src.slice(start, i).toLowerCase(), value: 0 });
      continue;
    }
    const ch = src[i]!;
    if (ch === '*' && src[i + 1] === '*') {
      tokens.push({ t: T.Op, pos: start, text: '^', value: 0 });
      i += 2;
      continue;
    }
    i++;
    if ('+-*/%^×÷−'.includes(ch)) {
      const text = ch === '×' ? '*' : ch === '÷' ? '/' : ch === '−' ? '-' : ch;
      tokens.push({ t: T.Op, pos: start, text, value: 0 });
    } else if (ch === '(') tokens.push({ t: T.LParen, pos: start, text: ch, value: 0 });
    else if (ch === ')') tokens.push({ t: T.RParen, pos: start, text: ch, value: 0 });
    else if (ch === ',') tokens.push({ t: T.Comma, pos: start, text: ch, value: 0 });
    else throw new ExpressionError(`unexpected character "${ch}"`, start);
  }
  tokens.push({ t: T.End, pos: src.length, text: 'end of expression', value: 0 });
  return tokens;
}

function isDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 95;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly math: Arithmetic,
  ) {}

  parse(): Value {
    const value = this.additive();
    const t = this.peek();
    if (t.t !== T.End) throw new ExpressionError(`unexpected "${t.text}"`, t.pos);
    return value;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private additive(): Value {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.t !== T.Op || (t.text !== '+' && t.text !== '-')) return left;
      this.i++;
      const right = this.multiplicative();
      left = t.text === '+' ? this.math.add(left, right) : this.math.sub(left, right);
    }
  }

  private multiplicative(): Value {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t !== T.Op || (t.text !== '*' && t.text !== '/' && t.text !== '%')) return left;
      this.i++;
      const right = this.unary();
      if (t.text === '*') left = this.math.mul(left, right);
      else {
        if (isZero(right))
          throw new ExpressionError(t.text === '/' ? 'division by zero' : 'modulo by zero', t.pos);
        left = t.text === '/' ? this.math.div(left, right) : this.math.mod(left, right);
      }
    }
  }

  /** Unary signs bind looser than powers: -2^2 = -4. */
  private unary(): Value {
    const t = this.peek();
    if (t.t === T.Op && (t.text === '-' || t.text === '+')) {
      this.i++;
      this.enter(t);
      const value = this.unary();
      this.depth--;
      return t.text === '-' ? this.math.neg(value) : value;
    }
    return this.power();
  }

  /** Right-associative: 2^3^2 = 2^9. */
  private power(): Value {
    const base = this.primary();
    const t = this.peek();
    if (t.t === T.Op && t.text === '^') {
      this.i++;
      this.enter(t);
      const exponent = this.unary();
      this.depth--;
      return this.math.pow(base, exponent);
    }
    return base;
  }

  private primary(): Value {
    const t = this.next();
    switch (t.t) {
      case T.Num:
        return typeof t.value === 'number' ? this.math.float(t.value) : t.value;
      case T.LParen: {
        this.enter(t);
        const value = this.additive();
        this.expect(T.RParen, ')');
        this.depth--;
        return value;
      }
      case T.Name: {
        if (this.peek().t === T.LParen) return this.call(t);
        if (t.text in CONSTANTS) return CONSTANTS[t.text]!;
        if (t.text in FUNCTIONS) throw new ExpressionError(`function "${t.text}" needs parentheses`, t.pos);
        throw new ExpressionError(`unknown name "${t.text}"`, t.pos);
      }
      default:
        throw new ExpressionError(
          t.t === T.End ? 'the expression ends too early' : `unexpected "${t.text}"`,
          t.pos,
        );
    }
  }

  private call(name: Token): Value {
    const fn = FUNCTIONS[name.text];
    if (fn === undefined) throw new ExpressionError(`unknown function "${name.text}"`, name.pos);
    const open = this.next();
    this.enter(open);
    const args: number[] = [];
    if (this.peek().t !== T.RParen) {
      for (;;) {
        args.push(this.math.num(this.additive()));
        if (this.peek().t !== T.Comma) break;
        this.i++;
      }
    }
    this.expect(T.RParen, ')');
    this.depth--;
    if (args.length < fn.min || args.length > fn.max) {
      const want = fn.min === fn.max ? `${fn.min}` : `${fn.min} to ${fn.max}`;
      throw new ExpressionError(`${name.text}() takes ${want} argument(s), got ${args.length}`, name.pos);
    }
    return this.math.float(fn.run(...args));
  }

  private expect(type: T, text: string): void {
    const t = this.next();
    if (t.t !== type) throw new ExpressionError(`expected "${text}" but found "${t.text}"`, t.pos);
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH)
      throw new ExpressionError(`the expression nests deeper than ${MAX_DEPTH} levels`, t.pos);
  }
}

/**
 * Evaluates an arithmetic expression such as `2 * (3 + 4) ^ 2 / sqrt(16)` and says whether
 * digits were lost: integers are exact (`2^64`, `1234567890123456 + 1`) up to 1000 digits;
 * other results have 15 significant digits (which hides binary noise: 0.1 + 0.2 gives 0.3),
 * and one that may have wrong digits is marked `rounded`. Throws an {@link ExpressionError}
 * for syntax errors, unknown names, division by zero, and results that are not finite.
 */
export function calculate(expression: string): Calculation {
  if (typeof expression !== 'string') throw new ExpressionError('the expression must be a string');
  if (expression.length > MAX_LENGTH)
    throw new ExpressionError(`the expression is longer than ${MAX_LENGTH} characters`);
  const math = new Arithmetic();
  let value: Value;
  try {
    value = new Parser(tokenize(expression), math).parse();
  } catch (error) {
    if (error instanceof TooLargeError)
      throw new ExpressionError(`the result has more than ${MAX_DIGITS} digits`);
    throw error;
  }
  if (typeof value === 'bigint') {
    const text = value.toString();
    const safe = value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
    return { value: safe ? Number(value) : value, rounded: false, text };
  }
  if (!Number.isFinite(value)) {
    throw new ExpressionError(Number.isNaN(value) ? 'the result is not a number' : 'the result is infinite');
  }
  if (!math.inexact && Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    return { value, rounded: false, text: String(value) };
  }
  const shown = Number(value.toPrecision(15));
  const rounded = math.inexact || Math.abs(value) >= 1e15;
  return {
    value: shown,
    rounded,
    text: rounded ? `${shown} (rounded to 15 significant digits)` : String(shown),
  };
}

/**
 * Evaluates an arithmetic expression: {@link calculate}'s value (a bigint for an exact integer
 * outside the safe integer range; otherwise a number, rounded to 15 significant digits when it is
 * not an exact integer). Throws an {@link ExpressionError} as `calculate` does.
 */
export function evaluate(expression: string): number | bigint {
  return calculate(expression).value;
}
