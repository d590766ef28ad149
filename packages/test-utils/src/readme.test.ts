import { describe, expect, it } from 'vitest';
import { readReadmeBlocks, runReadmeExample } from './index.js';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

describe('README', () => {
  it('runs its example', async () => {
    expect(blocks).toHaveLength(1);
    const { logs } = await runReadmeExample({ block: blocks[0]! });
    expect(logs).toEqual([['hello', '"hello {\\"n\\":1}\\n"'], [[['quiet']]]]);
  });
});
