/** Runs the README's TypeScript example (the page is built first when it is missing). */
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt } from './fixtures/build-app.js';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

describe('README examples', () => {
  beforeAll(() => ensureAppBuilt());

  it('has the examples this test runs', () => {
    expect(blocks.map((b) => b.attributes.example)).toEqual(['mount']);
  });

  it('mount', async () => {
    const { logs } = await runReadmeExample({ block: findBlock(blocks, 'mount') });
    expect(logs).toEqual([[200, 'text/html; charset=utf-8'], [[{ name: 'support' }]]]);
  });
});
