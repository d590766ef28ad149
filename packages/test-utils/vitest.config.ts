import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// README examples are written under .tmp/ and imported by the tests, never collected as tests.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, exclude: ['**/node_modules/**', '.tmp/**'] },
});
