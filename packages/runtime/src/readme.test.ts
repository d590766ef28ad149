/**
 * The README's TypeScript examples are the files of fixtures/readme, verbatim; this test
 * checks that they match and runs each one. Fragments that need a provider or a server are
 * fenced as ```typescript and are not run.
 */

import { describeExampleFiles } from '@agno/test-utils';
import { expect } from 'vitest';

// What each example must print (its own comments say so to the reader).
describeExampleFiles('README examples', {
  readme: new URL('../README.md', import.meta.url),
  dir: new URL('./fixtures/readme/', import.meta.url),
  examples: {
    'cache.ts': {
      run: () => import('./fixtures/readme/cache.js'),
      check: ({ logs }) => expect(logs[0]![0]).toEqual({ hits: 1, misses: 1, hitRate: 0.5, savedTokens: 18 }),
    },
    'middleware.ts': {
      run: () => import('./fixtures/readme/middleware.js'),
      check: ({ logs }) => expect(logs[0]).toEqual([1, 2]),
    },
    'limiter.ts': {
      run: () => import('./fixtures/readme/limiter.js'),
      check: ({ logs }) => expect(logs[0]![0]).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'busy, retry later']),
    },
    'pool.ts': {
      run: () => import('./fixtures/readme/pool.js'),
      check: ({ logs }) => expect(logs[0]).toEqual([6, 4]),
    },
    'batch.ts': {
      run: () => import('./fixtures/readme/batch.js'),
      check: ({ logs }) => expect(logs).toEqual([[['fulfilled', 'rejected', 'fulfilled']], [1]]),
    },
    'loadtest.ts': {
      run: () => import('./fixtures/readme/loadtest.js'),
      check: ({ logs }) => expect(String(logs[0]![0])).toMatch(/requests {5}200 \(200 ok, 0 failed/),
    },
    'profiler.ts': {
      run: () => import('./fixtures/readme/profiler.js'),
      // The order of these three depends on timing; each is there, and above twice the threshold.
      check: ({ logs }) =>
        expect(logs[0]![0]).toEqual(
          expect.arrayContaining([
            'high pipeline:step:research',
            'high researcher:run:researcher',
            'high researcher:tool:search',
          ]),
        ),
    },
  },
});
