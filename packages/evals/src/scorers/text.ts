/**
 * Text scorers: exact match (with normalisation), regular expression, and contains (any or
 * all of several strings). Each reads the run's text, or its structured output when that is
 * not a string, and the case's `expected` unless given its own.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from '@agno/core';
import type { EvalCase, Score, ScoreContext, Scorer } from '../types.js';

/** How texts are normalised before they are compared. */
export interface NormaliseOptions {
  /** Trim both ends (default true). */
  trim?: boolean;
  /** Compare case-insensitively (default false). */
  ignoreCase?: boolean;
  /** Collapse runs of white space into one space (default false). */
  collapseWhitespace?: boolean;
  /** Drop punctuation (default false). */
  ignorePunctuation?: boolean;
}

/** Applies the normalisation options to a text. */
export function normalise(text: string, options: NormaliseOptions = {}): string {
  let t = text;
  if (options.ignorePunctuation) t = t.replace(/[\p{P}\p{S}]/gu, '');
  if (options.collapseWhitespace) t = t.replace(/\s+/g, ' ');
  if (options.trim !== false) t = t.trim();
  if (options.ignoreCase) t = t.toLowerCase();
  return t;
}

/** The text a text scorer reads: the output when it is a string, else the run's text. */
export function answerText(ctx: ScoreContext): string {
  return typeof ctx.result.output === 'string' ? ctx.result.output : ctx.result.text;
}

function expectedOf(name: string, given: unknown, c: EvalCase): unknown {
  const expected = given !== undefined ? given : c.expected;
  if (expected === undefined) {
    throw new ConfigError(
      `scorer "${name}": case ${c.id ?? ''} has no "expected" and the scorer was given none`,
    );
  }
  return expected;
}

const verdict = (passed: boolean, reason?: string): Score =>
  passed ? { score: 1, passed } : { score: 0, passed, reason };

const clip = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);

/** Options of {@link exact}. */
export interface ExactOptions extends NormaliseOptions {
  /** The expected answer (default: the case's `expected`). */
  expected?: unknown;
}

/**
 * Exact match: a string expected is compared with the answer text after normalisation; any
 * other expected value is compared deeply with the structured output.
 */
export function exact(options: ExactOptions = {}): Scorer {
  return {
    name: 'exact',
    score(ctx) {
      const expected = expectedOf('exact', options.expected, ctx.case);
      if (typeof expected !== 'string') {
        const ok = isDeepStrictEqual(ctx.result.output, expected);
        return verdict(ok, 'the output differs from the expected value');
      }
      const actual = answerText(ctx);
      const ok = normalise(actual, options) === normalise(expected, options);
      return verdict(ok, `expected ${clip(expected)}, got ${clip(actual)}`);
    },
  };
}

/** Matches the answer text against a pattern (default: the case's `expected` as a pattern source). */
export function regex(pattern?: RegExp | string): Scorer {
  return {
    name: 'regex',
    score(ctx) {
      const source = expectedOf('regex', pattern, ctx.case);
      const re = source instanceof RegExp ? source : new RegExp(String(source));
      re.lastIndex = 0;
      const actual = answerText(ctx);
      return verdict(re.test(actual), `${clip(actual)} does not match ${re}`);
    },
  };
}

/** Options of {@link contains}. */
export interface ContainsOptions extends NormaliseOptions {
  /** The strings to look for (default: the case's `expected`, a string or strings). */
  values?: string | string[];
  /** `all` (default): every value must occur; `any`: one is enough. */
  mode?: 'all' | 'any';
}

/** The answer text contains the values (all of them, or any); the score is the share found. */
export function contains(options: ContainsOptions = {}): Scorer {
  const mode = options.mode ?? 'all';
  return {
    name: mode === 'all' ? 'contains-all' : 'contains-any',
    score(ctx) {
      const raw = expectedOf('contains', options.values, ctx.case);
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const text = normalise(answerText(ctx), options);
      const missing = values.filter((v) => !text.includes(normalise(v, options)));
      const found = values.length - missing.length;
      const passed = mode === 'all' ? missing.length === 0 : found > 0;
      const score = values.length === 0 ? 1 : mode === 'all' ? found / values.length : found > 0 ? 1 : 0;
      return passed
        ? { score, passed }
        : { score, passed, reason: `missing ${missing.map(clip).join(', ')}` };
    },
  };
}

/** Every one of `values` must occur in the answer text (a shorthand for `contains({ values, mode: 'all' })`). */
export function allOf(values: string[], options: NormaliseOptions = {}): Scorer {
  return contains({ ...options, values, mode: 'all' });
}
