/** The README's examples are the files in src/examples, verbatim, and they run. */
import { readFileSync } from 'node:fs';
import { captureOutput, readReadmeBlocks } from '@agno/test-utils';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const blocks = readReadmeBlocks(new URL('README.md', root)).filter((b) => b.file !== undefined);

describe('README', () => {
  it('shows every example file verbatim', () => {
    expect(blocks.map((b) => b.file)).toEqual([
      'src/examples/quickstart.ts',
      'src/examples/toolkits.ts',
      'src/examples/mcp.ts',
    ]);
    for (const block of blocks) expect(block.code).toBe(readFileSync(new URL(block.file!, root), 'utf8'));
  });

  it('quickstart runs and prints what its comment says', async () => {
    const { result, logs } = await captureOutput(() => import('./examples/quickstart.js'));
    expect(result.result.text).toBe('Tool said: {"city":"Paris","temperature":21,"unit":"C"}');
    expect(logs).toEqual([[result.result.text]]);
  });

  it('toolkits runs and prints what its comments say', async () => {
    const { result, logs } = await captureOutput(() => import('./examples/toolkits.js'));
    expect(logs[0]).toEqual(['paused', ['delete_note']]);
    expect(logs[1]).toEqual([
      ['calculate: 59.97', 'save_note: saved', 'delete_note: the user rejected this call: keep it'],
    ]);
    expect(result.result.text).toBe('Saved the total.');
    expect(result.notes.get('total')).toBe('59.97');
  });

  it('mcp runs against the published server', async () => {
    const { result, logs } = await captureOutput(() => import('./examples/mcp.js'));
    expect(result.result.text).toBe('The sum of 2 and 40 is 42.');
    expect(logs).toEqual([[result.result.text]]);
  });
});
