/**
 * Finding personal data and secrets in text: e-mail addresses, phone numbers, payment card
 * numbers (Luhn-checked), IBANs (mod-97-checked), API keys, AWS keys, bearer tokens, private keys,
 * and any patterns an application adds. Matches give their kind and place, never a copy.
 */
import { ibanValid, luhnValid } from './checksums.js';

/** The kinds of data found by the built-in detectors. */
export type PiiKind = 'email' | 'phone' | 'card' | 'iban' | 'secret';

/** A detector: a pattern (global flag added when missing), its kind, and an optional check of each match. */
export interface PiiPattern {
  /** The kind reported (and shown in the redaction mark: `[REDACTED:kind]`). */
  kind: string;
  pattern: RegExp;
  /** Keeps a match only when this returns true (checksums, allow lists). */
  validate?: (match: string) => boolean;
}

/** One finding: its kind and where it is in the text (`end` exclusive). */
export interface PiiMatch {
  kind: string;
  start: number;
  end: number;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** Built-in detectors, in priority order: an earlier one wins where two overlap. */
export const BUILT_IN_PATTERNS: readonly (PiiPattern & { kind: PiiKind })[] = [
  {
    kind: 'secret',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
  },
  { kind: 'secret', pattern: /\b(?:sk|rk)-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'secret', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { kind: 'secret', pattern: /\baws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/gi },
  { kind: 'secret', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g },
  { kind: 'secret', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'secret', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'secret', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'secret', pattern: /\bbearer\s+[A-Za-z0-9._~+/-]{16,}=*/gi },
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, validate: ibanValid },
  {
    kind: 'card',
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    validate: (m) => {
      const d = digitsOf(m);
      return d.length >= 13 && d.length <= 19 && luhnValid(d);
    },
  },
  {
    kind: 'phone',
    // International (+CC …), North American ((555) 123-4567) and national numbers with a trunk 0.
    pattern:
      /(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\b\d{3}[.-]\d{3}[.-]\d{4}|\b0\d{2,4}[\s/-]\d{3,4}[\s-]?\d{2,4})\b/g,
    validate: (m) => {
      const n = digitsOf(m).length;
      return n >= 8 && n <= 15;
    },
  },
];

/**
 * Every finding of `patterns` in `text`, sorted by position, without overlaps (where two
 * overlap, the one of the earlier pattern is kept).
 */
export function findPii(text: string, patterns: readonly PiiPattern[] = BUILT_IN_PATTERNS): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const p of patterns) {
    const re = p.pattern.global ? p.pattern : new RegExp(p.pattern.source, `${p.pattern.flags}g`);
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (p.validate !== undefined && !p.validate(m[0])) continue;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ kind: p.kind, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `text` with each match replaced by `mark(kind)`. */
export function redactMatches(
  text: string,
  matches: readonly PiiMatch[],
  mark: (kind: string) => string,
): string {
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + mark(m.kind);
    at = m.end;
  }
  return out + text.slice(at);
}
