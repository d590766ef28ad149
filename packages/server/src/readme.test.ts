/**
 * The README's TypeScript examples are the files of fixtures/readme, verbatim; this test checks that
 * they match and runs each one. Fragments are fenced as ```typescript and are not run.
 */
import { describeExampleFiles } from '@agno/test-utils';
import { expect } from 'vitest';
import { redisUrl } from './fixtures/queue/redis.js';

describeExampleFiles('README examples', {
  readme: new URL('../README.md', import.meta.url),
  dir: new URL('./fixtures/readme/', import.meta.url),
  examples: {
    'quick-start.ts': {
      run: () => import('./fixtures/readme/quick-start.js'),
      check: ({ logs }) => expect(logs).toEqual([['Reset it from Settings.']]),
    },
    'approvals.ts': {
      run: () => import('./fixtures/readme/approvals.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([
          ['paused', 'refund'],
          [['event: model-call-completed', 'event: run-completed', 'event: done']],
        ]),
    },
    'mcp.ts': {
      run: () => import('./fixtures/readme/mcp.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([
          [['helper', 'add']],
          [[{ type: 'text', text: 'Hello from the helper.' }]],
          [[{ type: 'text', text: '42' }]],
        ]),
    },
    'client.ts': {
      run: () => import('./fixtures/readme/client.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([['waiting for', ['send_email']], ['Sent.'], [404, 'no agent named "nobody"']]),
    },
    'metrics.ts': {
      run: () => import('./fixtures/readme/metrics.js'),
      check: ({ logs }) =>
        expect(logs).toEqual([
          [
            [
              'agno_runs_total{agent="support",status="completed"} 1',
              'agno_http_requests_total{method="POST",route="/agents/:name/runs",status="200"} 1',
            ],
          ],
        ]),
    },
    'ui-chat.ts': {
      run: () => import('./fixtures/readme/ui-chat.js'),
      check: ({ out }) =>
        expect(out.trim().split('\n')).toEqual(['v1', '[DONE]', 'Hello from agno!', 'completed']),
    },
    'scale-out.ts': {
      run: () => import('./fixtures/readme/scale-out.js'),
      skip: redisUrl === undefined ? 'REDIS_URL is not set' : undefined,
      check: ({ out }) => expect(out).toBe('completed\nsupport completed\n'),
    },
  },
});
