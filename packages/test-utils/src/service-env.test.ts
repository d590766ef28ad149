import { afterEach, describe, expect, it, vi } from 'vitest';
import { serviceFromEnv, uniqueName } from './service-env.js';

afterEach(() => vi.unstubAllEnvs());

describe('serviceFromEnv', () => {
  it('gives the value; without it, undefined and a warning; in CI, an error', () => {
    vi.stubEnv('AGNO_TEST_SERVICE', 'redis://x');
    expect(serviceFromEnv('AGNO_TEST_SERVICE', 't')).toBe('redis://x');
    vi.stubEnv('AGNO_TEST_SERVICE', '');
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(serviceFromEnv('AGNO_TEST_SERVICE', 't')).toBeUndefined();
    expect(warn.mock.calls[0]![0]).toContain('AGNO_TEST_SERVICE is not set');
    warn.mockRestore();
    vi.stubEnv('CI', 'true');
    expect(() => serviceFromEnv('AGNO_TEST_SERVICE', 't')).toThrow(/CI is set but AGNO_TEST_SERVICE is not/);
  });

  it('unique names differ between calls', () => {
    expect(uniqueName('p', 'q')).not.toBe(uniqueName('p', 'q'));
  });
});
