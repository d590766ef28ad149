/**
 * The README's TypeScript examples are the files of fixtures/readme, verbatim; this test
 * checks that they match and runs each one. Fragments that need a collector or a provider
 * are fenced as ```typescript and are not run.
 */

import { describeExampleFiles } from '@agno/test-utils';
import { expect } from 'vitest';

describeExampleFiles('README examples', {
  readme: new URL('../README.md', import.meta.url),
  dir: new URL('./fixtures/readme/', import.meta.url),
  examples: {
    'tracing.ts': {
      run: () => import('./fixtures/readme/tracing.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([
          ['chat scripted', 'chat', 2],
          ['invoke_agent support', 'invoke_agent', 2],
          ['step answer', '', ''],
        ]),
    },
    'metrics.ts': {
      run: () => import('./fixtures/readme/metrics.js'),
      check: ({ logs }) =>
        expect(logs[0]![0]).toEqual([
          'agno_runs_total{agent="support",status="completed"} 2',
          'agno_runs_total{agent="support",status="paused"} 0',
          'agno_runs_total{agent="support",status="error"} 0',
          'agno_cache_requests_total{cache="support",result="hit"} 1',
          'agno_cache_requests_total{cache="support",result="miss"} 1',
        ]),
    },
  },
});
