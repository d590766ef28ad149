import { describe, expect, it } from 'vitest';
import { AgnoError, type ErrorCode } from './index.js';

// A package adds its own code the way a plugin would, by augmenting the registry.
declare module './errors.js' {
  interface ErrorCodes {
    quota_exceeded: true;
  }
}

describe('error codes are open to other packages', () => {
  it('an added code is a typed ErrorCode and survives toJSON', () => {
    const code: ErrorCode = 'quota_exceeded';
    const error = new AgnoError(code, 'the monthly quota is spent', { retryable: false });
    expect(error.code).toBe('quota_exceeded');
    expect(error.toJSON()).toMatchObject({ name: 'AgnoError', code: 'quota_exceeded', retryable: false });
    // @ts-expect-error a code nobody registered is refused by the type checker
    const unknownCode: ErrorCode = 'no_such_code';
    expect(unknownCode).toBe('no_such_code');
  });
});
