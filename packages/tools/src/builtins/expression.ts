/**
 * A small arithmetic evaluator: numbers, + - * / % ^ (and **), parentheses, unary signs,
 * a fixed table of functions and constants. A hand-written recursive-descent parser over a
 * tokenizer; no `eval`, no `Function`, no property lookups on user-given names (the tables
 * are prototype-free maps), bounded input length and nesting depth.
 */

/** An expression that cannot be evaluated, with the position of the problem. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    /** 0-based character position, when known. */
    readonly position?: number,
  ) {
    super(position === undefined ? message : `${message} at position ${position + 1}`);
    this.name = 'ExpressionError';
  }
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

type Fn = { min: number; max: number; run: (...args: number[]) => number };

const FUNCTIONS: Record<string, Fn> = Object.assign(Object.create(null) as Record<string, Fn>, {
  abs: { min: 1, max: 1, run: Math.abs },
  sqrt: { min: 1, max: 1, run: Math.sqrt },
  cbrt: { min: 1, max: 1, run: Math.cbrt },
  exp: { min: 1, max: 1, run: Math.exp },
  ln: { min: 1, max: 1, run: Math.log },
  log: {
    min: 1,
    max: 2,
    run: (x: number, base?: number) => (base === undefined ? Math.log10(x) : Math.log(x) / Math.log(base)),
  },
  log10: { min: 1, max: 1, run: Math.log10 },
  log2: { min: 1, max: 1, run: Math.log2 },
  sin: { min: 1, max: 1, run: Math.sin },
  cos: { min: 1, max: 1, run: Math.cos },
  tan: { min: 1, max: 1, run: Math.tan },
  asin: { min: 1, max: 1, run: Math.asin },
  acos: { min: 1, max: 1, run: Math.acos },
  atan: { min: 1, max: 1, run: Math.atan },
  atan2: { min: 2, max: 2, run: Math.atan2 },
  sinh: { min: 1, max: 1, run: Math.sinh },
  cosh: { min: 1, max: 1, run: Math.cosh },
  tanh: { min: 1, max: 1, run: Math.tanh },
  floor: { min: 1, max: 1, run: Math.floor },
  ceil: { min: 1, max: 1, run: Math.ceil },
  round: {
    min: 1,
    max: 2,
    run: (x: number, digits?: number) => {
      if (digits === undefined) return Math.round(x);
      const f = 10 ** Math.trunc(digits);
      return Math.round(x * f) / f;
    },
  },
  trunc: { min: 1, max: 1, run: Math.trunc },
  sign: { min: 1, max: 1, run: Math.sign },
  min: { min: 1, max: 100, run: Math.min },
  max: { min: 1, max: 100, run: Math.max },
  pow: { min: 2, max: 2, run: (a: number, b: number) => a ** b },
  hypot: { min: 1, max: 100, run: Math.hypot },
});

const CONSTANTS: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
});

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
  value: number;
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
      const value = Number(text);
      if (text === '.') throw new ExpressionError('unexpected "."', start);
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
  constructor(private readonly tokens: Token[]) {}

  parse(): number {
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

  private additive(): number {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.t !== T.Op || (t.text !== '+' && t.text !== '-')) return left;
      this.i++;
      const right = this.multiplicative();
      left = t.text === '+' ? left + right : left - right;
    }
  }

  private multiplicative(): number {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t !== T.Op || (t.text !== '*' && t.text !== '/' && t.text !== '%')) return left;
      this.i++;
      const right = this.unary();
      if (t.text === '*') left *= right;
      else {
        if (right === 0)
          throw new ExpressionError(t.text === '/' ? 'division by zero' : 'modulo by zero', t.pos);
        left = t.text === '/' ? left / right : left % right;
      }
    }
  }

  /** Unary signs bind looser than powers: -2^2 = -4. */
  private unary(): number {
    const t = this.peek();
    if (t.t === T.Op && (t.text === '-' || t.text === '+')) {
      this.i++;
      this.enter(t);
      const value = this.unary();
      this.depth--;
      return t.text === '-' ? -value : value;
    }
    return this.power();
  }

  /** Right-associative: 2^3^2 = 2^9. */
  private power(): number {
    const base = this.primary();
    const t = this.peek();
    if (t.t === T.Op && t.text === '^') {
      this.i++;
      this.enter(t);
      const exponent = this.unary();
      this.depth--;
      return base ** exponent;
    }
    return base;
  }

  private primary(): number {
    const t = this.next();
    switch (t.t) {
      case T.Num:
        return t.value;
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

  private call(name: Token): number {
    const fn = FUNCTIONS[name.text];
    if (fn === undefined) throw new ExpressionError(`unknown function "${name.text}"`, name.pos);
    const open = this.next();
    this.enter(open);
    const args: number[] = [];
    if (this.peek().t !== T.RParen) {
      for (;;) {
        args.push(this.additive());
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
    return fn.run(...args);
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
 * Evaluates an arithmetic expression such as `2 * (3 + 4) ^ 2 / sqrt(16)`. Throws an
 * {@link ExpressionError} for syntax errors, unknown names, division by zero, and results
 * that are not finite numbers.
 */
export function evaluate(expression: string): number {
  if (typeof expression !== 'string') throw new ExpressionError('the expression must be a string');
  if (expression.length > MAX_LENGTH)
    throw new ExpressionError(`the expression is longer than ${MAX_LENGTH} characters`);
  const value = new Parser(tokenize(expression)).parse();
  if (!Number.isFinite(value)) {
    throw new ExpressionError(Number.isNaN(value) ? 'the result is not a number' : 'the result is infinite');
  }
  // Round away binary floating-point noise (0.1 + 0.2 -> 0.3).
  return Number(value.toPrecision(15));
}
