/**
 * The README's ```ts examples are the files of fixtures/readme, verbatim; this test checks
 * that they match and runs each one against Redis (REDIS_URL).
 */
import { describeExampleFiles } from '@agno/test-utils';
import { redisUrl } from './fixtures/redis.js';

describeExampleFiles('README', {
  readme: new URL('../README.md', import.meta.url),
  dir: new URL('./fixtures/readme/', import.meta.url),
  examples: {
    'quick-start.ts': {
      run: () => import('./fixtures/readme/quick-start.js'),
      skip: redisUrl === undefined ? 'REDIS_URL is not set' : undefined,
    },
  },
});
