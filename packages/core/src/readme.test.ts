import { readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

describe('README', () => {
  it('runs its example', async () => {
    expect(blocks).toHaveLength(1);
    const { out } = await runReadmeExample({ block: blocks[0]! });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^2 \+ 3 = 5 \d+ 5$/);
    expect(lines).toContain('tool: add → 5');
    expect(
      lines
        .filter((l) => l.startsWith('delta:'))
        .join('')
        .replaceAll('delta: ', ''),
    ).toBe('2 + 3 = 5');
  });
});
