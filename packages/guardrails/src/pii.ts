/**
 * The PII guardrail: finds personal data and secrets (see `findPii`) in a run's input, its
 * answers and its tool calls and results, and redacts them or blocks the run.
 */
import type { Guardrail, GuardrailVerdict, ToolCallVerdict } from '@agno/core';
import {
  BUILT_IN_PATTERNS,
  findPii,
  type PiiKind,
  type PiiMatch,
  type PiiPattern,
  redactMatches,
} from './pii-detect.js';

/** Options of {@link piiGuardrail}. */
export interface PiiGuardrailOptions {
  /** Named in errors. Default `pii`. */
  name?: string;
  /** `redact` (default): replace each finding with a mark; `block`: end the run. */
  action?: 'block' | 'redact';
  /** Built-in kinds to look for. Default: all (`email`, `phone`, `card`, `iban`, `secret`). */
  kinds?: readonly PiiKind[];
  /** Extra detectors, checked after the built-in ones. */
  patterns?: readonly PiiPattern[];
  /**
   * Where to look: the run's `input`, the model's `output`, and `tools` (arguments of tool calls
   * and tool results). Default: all three.
   */
  stages?: readonly ('input' | 'output' | 'tools')[];
  /** The mark that replaces a finding. Default `[REDACTED:<kind>]`. */
  mark?: (kind: string) => string;
  /** How output checks meet streams (see `Guardrail.mode`). Default `hold`. */
  mode?: 'hold' | 'pass-through';
}

const defaultMark = (kind: string) => `[REDACTED:${kind}]`;

/** Kinds found, in order of first appearance, without repeats (never the data itself). */
function kindsOf(matches: readonly PiiMatch[]): string[] {
  return [...new Set(matches.map((m) => m.kind))];
}

/** Applies `fn` to every string inside a JSON-like value; the same object when nothing changed. */
function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const w = mapStrings(v, fn);
      if (w !== v) (out ??= value.slice())[i] = w;
    });
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const w = mapStrings(v, fn);
      if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w;
    }
    return out ?? value;
  }
  return value;
}

/**
 * A guardrail that redacts (default) or blocks personal data and secrets: e-mails, phone numbers,
 * card numbers (Luhn-valid only), IBANs (mod-97-valid only), API keys, AWS keys, bearer tokens,
 * private keys, and the `patterns` given. A block's details name the kinds found, never the data.
 */
export function piiGuardrail(options: PiiGuardrailOptions = {}): Guardrail {
  const kinds = options.kinds;
  const patterns: PiiPattern[] = [
    ...(kinds === undefined ? BUILT_IN_PATTERNS : BUILT_IN_PATTERNS.filter((p) => kinds.includes(p.kind))),
    ...(options.patterns ?? []),
  ];
  const block = options.action === 'block';
  const mark = options.mark ?? defaultMark;
  const stages = options.stages ?? ['input', 'output', 'tools'];
  const check = (text: string): GuardrailVerdict => {
    const matches = findPii(text, patterns);
    if (matches.length === 0) return undefined;
    const found = kindsOf(matches);
    if (block)
      return { block: `found ${found.join(', ')}`, details: { kinds: found, count: matches.length } };
    return { rewrite: redactMatches(text, matches, mark) };
  };
  const guardrail: {
    -readonly [K in keyof Guardrail]: Guardrail[K];
  } = { name: options.name ?? 'pii' };
  if (options.mode !== undefined) guardrail.mode = options.mode;
  if (stages.includes('input')) guardrail.input = check;
  if (stages.includes('output')) guardrail.output = check;
  if (stages.includes('tools')) {
    guardrail.afterTool = check;
    guardrail.beforeTool = (call): ToolCallVerdict => {
      let found: PiiMatch[] = [];
      const args = mapStrings(call.args, (s) => {
        const matches = findPii(s, patterns);
        if (matches.length === 0) return s;
        found = found.concat(matches);
        return redactMatches(s, matches, mark);
      });
      if (found.length === 0) return undefined;
      if (block) {
        const k = kindsOf(found);
        return {
          block: `a call to "${call.name}" carries ${k.join(', ')}`,
          details: { kinds: k, count: found.length },
        };
      }
      return { args };
    };
  }
  return guardrail;
}
