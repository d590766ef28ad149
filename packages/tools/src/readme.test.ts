/** The README's examples are the files in src/examples, verbatim, and they run. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const blocks = [...readme.matchAll(/<!-- file: (\S+) -->\n```ts\n([\s\S]*?)```/g)].map((m) => ({
  file: m[1]!,
  code: m[2]!,
}));

let logs: unknown[][] = [];
afterEach(() => {
  vi.restoreAllMocks();
  logs = [];
});
function captureLogs(): void {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args);
  });
}

describe('README', () => {
  it('shows every example file verbatim', () => {
    expect(blocks.map((b) => b.file)).toEqual([
      'src/examples/quickstart.ts',
      'src/examples/toolkits.ts',
      'src/examples/mcp.ts',
    ]);
    for (const block of blocks) expect(block.code).toBe(readFileSync(join(root, block.file), 'utf8'));
  });

  it('quickstart runs and prints what its comment says', async () => {
    captureLogs();
    const { result } = await import('./examples/quickstart.js');
    expect(result.text).toBe('Tool said: {"city":"Paris","temperature":21,"unit":"C"}');
    expect(logs).toEqual([[result.text]]);
  });

  it('toolkits runs and prints what its comments say', async () => {
    captureLogs();
    const { result, notes } = await import('./examples/toolkits.js');
    expect(logs[0]).toEqual(['paused', ['delete_note']]);
    expect(logs[1]).toEqual([
      ['calculate: 59.97', 'save_note: saved', 'delete_note: the user rejected this call: keep it'],
    ]);
    expect(result.text).toBe('Saved the total.');
    expect(notes.get('total')).toBe('59.97');
  });

  it('mcp runs against the published server', async () => {
    captureLogs();
    const { result } = await import('./examples/mcp.js');
    expect(result.text).toBe('The sum of 2 and 40 is 42.');
    expect(logs).toEqual([[result.text]]);
  });
});
