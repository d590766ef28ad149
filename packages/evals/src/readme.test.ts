/**
 * The README's TypeScript examples are the files of fixtures/readme, verbatim; this test
 * checks that they match and runs each one. The vitest example (it needs a test run) is a
 * ```typescript fragment; src/vitest/describe-eval.test.ts covers it.
 */
import { describeExampleFiles } from '@agno/test-utils';
import { expect } from 'vitest';

describeExampleFiles('README examples', {
  readme: new URL('../README.md', import.meta.url),
  dir: new URL('./fixtures/readme/', import.meta.url),
  examples: {
    'quick-start.ts': {
      run: () => import('./fixtures/readme/quick-start.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([
          [0.5, true],
          [
            [
              'missing "rain"',
              'expected weather({"city":"Rome"}) in order; called weather({"city":"Oslo","units":"metric"})',
            ],
          ],
        ]),
    },
    'dataset.ts': {
      run: () => import('./fixtures/readme/dataset.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([
          [true, 'math.jsonl line 2: field "expectedTools[0]" must be a tool name or { name, args? }'],
        ]),
    },
    'judge.ts': {
      run: () => import('./fixtures/readme/judge.js'),
      check: ({ logs }) => expect(logs).toEqual([[0.8, 'a haiku about a frog']]),
    },
    'perf.ts': {
      run: () => import('./fixtures/readme/perf.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([[200, true], ['gc() is not exposed: run node with --expose-gc']]),
    },
  },
});
