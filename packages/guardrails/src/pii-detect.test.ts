import { describe, expect, it } from 'vitest';
import { findPii, ibanValid, luhnValid, piiGuardrail, redactMatches } from './index.js';

const kinds = (text: string) => findPii(text).map((m) => `${m.kind}:${text.slice(m.start, m.end)}`);

describe('card numbers', () => {
  it('are found only when the Luhn check passes', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(kinds('pay with 4111 1111 1111 1111 now')).toEqual(['card:4111 1111 1111 1111']);
    expect(kinds('pay with 5500-0000-0000-0004 now')).toEqual(['card:5500-0000-0000-0004']);
    expect(kinds('order 4111 1111 1111 1112 shipped')).toEqual([]);
    expect(kinds('tracking 1234567890123456')).toEqual([]);
  });
});

describe('IBANs', () => {
  it('are found only when the mod-97 check passes', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(kinds('to GB82 WEST 1234 5698 7654 32 please')).toEqual(['iban:GB82 WEST 1234 5698 7654 32']);
    expect(kinds('to DE89370400440532013000.')).toEqual(['iban:DE89370400440532013000']);
    expect(kinds('to DE89370400440532013001.')).toEqual([]);
  });
});

describe('e-mails, phones and secrets', () => {
  it('finds each kind', () => {
    expect(kinds('write to ada.lovelace+ai@example.co.uk today')).toEqual([
      'email:ada.lovelace+ai@example.co.uk',
    ]);
    expect(kinds('call +1 (415) 555-0132 or (212) 555-0199 or 030 1234 5678')).toEqual([
      'phone:+1 (415) 555-0132',
      'phone:(212) 555-0199',
      'phone:030 1234 5678',
    ]);
    expect(kinds('key sk-proj-Abcdefghijklmnopqrstuvwx1234 ok')).toEqual([
      'secret:sk-proj-Abcdefghijklmnopqrstuvwx1234',
    ]);
    expect(kinds('aws AKIAIOSFODNN7EXAMPLE')).toEqual(['secret:AKIAIOSFODNN7EXAMPLE']);
    expect(kinds('Authorization: Bearer abcdef0123456789ABCDEF.xyz')).toEqual([
      'secret:Bearer abcdef0123456789ABCDEF.xyz',
    ]);
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    expect(kinds(`key:\n${pem}\nend`)).toEqual([`secret:${pem}`]);
  });

  it('leaves ordinary text, dates, versions and amounts alone', () => {
    expect(kinds('On 2026-12-06 version 1.2.3 cost 1,299.00 EUR for 12 items; see RFC 5322.')).toEqual([]);
  });

  it('redacts with marks, and configurable patterns add kinds', () => {
    const text = 'ada@example.com owns EMP-123456';
    const g = piiGuardrail({ patterns: [{ kind: 'employee-id', pattern: /\bEMP-\d{6}\b/ }] });
    const ctx = {} as never;
    expect(g.input!(text, ctx)).toEqual({ rewrite: '[REDACTED:email] owns [REDACTED:employee-id]' });
    expect(redactMatches('abc', [], () => 'x')).toBe('abc');
  });

  it('kinds narrows the detectors; block names kinds, never the data', () => {
    const g = piiGuardrail({ kinds: ['email'], action: 'block' });
    const verdict = g.input!('mail ada@example.com, card 4111 1111 1111 1111', {} as never);
    expect(verdict).toEqual({ block: 'found email', details: { kinds: ['email'], count: 1 } });
  });
});
