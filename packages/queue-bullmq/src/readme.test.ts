/**
 * The README's ```ts examples are the files of fixtures/readme, verbatim; this test checks
 * that they match and runs each one against Redis (REDIS_URL).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { redisUrl } from './fixtures/redis.js';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '../README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
const examples = readdirSync(join(here, 'fixtures/readme')).map((f) =>
  readFileSync(join(here, 'fixtures/readme', f), 'utf8').trim(),
);

describe('README', () => {
  it('shows exactly the example files', () => {
    expect(blocks.sort()).toEqual(examples.sort());
  });

  it.skipIf(redisUrl === undefined)('quick start runs', async () => {
    await import('./fixtures/readme/quick-start.js');
  });
});
