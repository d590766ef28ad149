/**
 * Runs every ```ts example of README.md as a module (against this package's sources),
 * so the README cannot drift from the API.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = join(here, 'fixtures', '.readme');

describe('README examples', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  for (const [i, code] of blocks.entries()) {
    it(`example ${i + 1} runs`, async () => {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `example-${i + 1}.ts`);
      writeFileSync(file, code.replaceAll("from '@agno/workflow'", "from '../../index.js'"));
      await import(pathToFileURL(file).href);
    });
  }
});
