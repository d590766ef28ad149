import { readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

describe('README', () => {
  it('runs its example', async () => {
    expect(blocks).toHaveLength(1);
    const { out } = await runReadmeExample({ block: blocks[0]! });
    expect(out).toBe('I saw 2 results.\n2\n');
  });
});
