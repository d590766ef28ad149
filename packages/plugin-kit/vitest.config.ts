import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Scaffolds are written under .tmp/ and run by the test itself, never collected as this package's tests.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, exclude: ['**/node_modules/**', '.tmp/**'], testTimeout: 120_000 },
});
