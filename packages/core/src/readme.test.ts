import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('README', () => {
  it('runs its example', async () => {
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/
      .exec(readme)![1]!
      .replace("'@agno/core'", `'${join(here, 'index.ts')}'`)
      .replace("'@agno/models-mock'", `'${join(here, '..', '..', 'models-mock', 'src', 'index.ts')}'`);
    const dir = join(here, '..', '.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-example.ts');
    writeFileSync(file, code);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args) => void lines.push(args.join(' ')));
    try {
      await import(file);
    } finally {
      spy.mockRestore();
    }
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
