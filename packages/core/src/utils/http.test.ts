import { describe, expect, it } from 'vitest';
import { isBrokenBody, retryAfterMs } from './index.js';

describe('retryAfterMs', () => {
  it('reads milliseconds, seconds and HTTP dates; ignores what it cannot read', () => {
    const now = Date.parse('2026-12-06T00:00:00Z');
    const h = (init: Record<string, string>) => new Headers(init);
    expect(retryAfterMs(h({ 'retry-after-ms': '1500.4', 'retry-after': '9' }), now)).toBe(1500);
    expect(retryAfterMs(h({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(h({ 'retry-after': 'Sun, 06 Dec 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(h({ 'retry-after': 'Sat, 05 Dec 2026 00:00:05 GMT' }), now)).toBe(0);
    expect(retryAfterMs(h({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(h({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(retryAfterMs(h({}), now)).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe('isBrokenBody', () => {
  it('knows a cut connection and half a JSON text from other failures', () => {
    expect(isBrokenBody(new TypeError('terminated'))).toBe(true);
    expect(isBrokenBody(new SyntaxError('Unexpected end of JSON input'))).toBe(true);
    expect(isBrokenBody(new Error('fetch failed', { cause: { code: 'ECONNRESET' } }))).toBe(true);
    expect(isBrokenBody(new Error('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
    expect(isBrokenBody(new Error('bad request'))).toBe(false);
    expect(isBrokenBody('terminated')).toBe(false);
  });
});
