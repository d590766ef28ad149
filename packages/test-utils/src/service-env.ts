/**
 * Services the tests use (Redis, PostgreSQL, Chromium) are named by environment variables
 * (`scripts/services.sh` sets them). Without the variable a test file skips with a visible
 * reason, except in CI, where a missing service is a failure.
 */

/**
 * The value of `variable`, or `undefined` after a warning saying which tests skip (`who`);
 * throws when `CI` is set, since CI must run every test.
 */
export function serviceFromEnv(variable: string, who: string): string | undefined {
  const value = process.env[variable];
  if (value !== undefined && value !== '') return value;
  if (process.env.CI) throw new Error(`CI is set but ${variable} is not: scripts/services.sh provides it`);
  console.warn(`[${who}] ${variable} is not set: these tests are skipped (source scripts/services.sh)`);
  return undefined;
}

/** A name (a queue, a key prefix) no other test run uses. */
export function uniqueName(prefix: string, what: string): string {
  return `${prefix}-${what}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
