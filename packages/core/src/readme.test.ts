import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

describe('README', () => {
  it('runs its example', async () => {
    const { out } = await runReadmeExample({ block: findBlock(blocks, "name: 'calculator'") });
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

  it('runs its fallback and reasoning example', async () => {
    const { out } = await runReadmeExample({ block: findBlock(blocks, 'fallbackModels: [steady]') });
    expect(out.split('\n').filter(Boolean)).toEqual([
      'mock:busy → mock:steady (rate_limited)',
      'Hi! mock:steady Short answer.',
      '["mock:steady"]',
    ]);
  });

  it('runs its agents-as-tools example', async () => {
    const { out } = await runReadmeExample({ block: findBlock(blocks, 'agents-as-tools') });
    expect(out.split('\n').filter(Boolean)).toEqual([
      'researcher called note',
      'Fun fact: Otters hold hands asleep. true',
      '["req-7: otters hold hands"]',
    ]);
  });
});
