/**
 * Runs every ```ts example of README.md as a module (against the workspace's sources),
 * so the README cannot drift from the API.
 */

import { readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  for (const block of blocks) {
    it(`example ${block.index + 1} runs`, async () => {
      await runReadmeExample({ block });
    });
  }
});
