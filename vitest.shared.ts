/**
 * Shared vitest settings: tests resolve workspace packages to their TypeScript
 * sources (the `@agno/source` export condition), so a test never needs a fresh build.
 * When AGNO_TEST_REPORT_DIR is set (by scripts/test.mjs), each package also writes
 * a JSON report there, which the script sums into one closing line.
 */
import { basename } from 'node:path';

const reportDir = process.env.AGNO_TEST_REPORT_DIR;
// `@agno/source` points workspace packages at their TypeScript sources. Vitest forwards
// ssr.resolve.conditions to Node as --conditions, so `import`/`default` stay out of the list
// (with `import`, pg's require('pg-pool') loads an ESM build and breaks); Vite adds them per import.
const conditions = ['@agno/source', 'module', 'node', 'development|production'];

export const sharedTestConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: reportDir
      ? ['default', ['json', { outputFile: `${reportDir}/${basename(process.cwd())}.json` }]]
      : ['default'],
  },
};
