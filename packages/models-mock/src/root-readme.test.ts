import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('the repository README', () => {
  it('runs its first-agent example', async () => {
    const readme = readFileSync(join(here, '..', '..', '..', 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/
      .exec(readme)![1]!
      .replace("'@agno/models-mock'", `'${join(here, 'index.ts')}'`);
    const dir = join(here, '..', '.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'root-readme-example.ts');
    writeFileSync(file, code);
    const lines: string[] = [];
    let written = '';
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => void lines.push(String(args[0])));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
    try {
      await import(file);
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
    expect(lines).toEqual(['Hello from a scripted model.']);
    expect(written).toBe('Hello from a scripted model.');
  });
});
