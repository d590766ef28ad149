import { defineConfig } from 'vitest/config';

// The timeouts of agno-ts's own package tests (the conformance suite waits on deadlines).
export default defineConfig({
  test: { testTimeout: 20_000, hookTimeout: 30_000 },
});
