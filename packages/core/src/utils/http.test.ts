import { describe, expect, it } from 'vitest';
import { httpErrorKind, isBrokenBody, retryAfterMs } from './index.js';

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

describe('httpErrorKind', () => {
  it('gives each failed status one code and retryability', () => {
    const table = Object.fromEntries(
      [400, 401, 403, 404, 408, 409, 413, 418, 422, 429, 500, 502, 503, 504, 529].map((status) => {
        const kind = httpErrorKind(status);
        return [status, `${kind.code}${kind.retryable ? ' (retry)' : ''}`];
      }),
    );
    expect(table).toEqual({
      400: 'bad_request',
      401: 'auth_error',
      403: 'auth_error',
      404: 'not_found',
      408: 'timeout (retry)',
      409: 'model_error (retry)',
      413: 'bad_request',
      418: 'model_error',
      422: 'bad_request',
      429: 'rate_limited (retry)',
      500: 'model_error (retry)',
      502: 'model_error (retry)',
      503: 'overloaded (retry)',
      504: 'timeout (retry)',
      529: 'overloaded (retry)',
    });
  });
});
