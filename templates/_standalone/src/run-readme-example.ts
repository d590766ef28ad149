/**
 * Runs a ```ts example=<name> block of README.md as a module, the package's own name pointed at
 * `src/`, and returns what it passed to console.log. Used by `readme.test.ts`; not built.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

let runs = 0;

/** Runs the README example named `name`; resolves to the arguments of each console.log call. */
export async function runReadmeExample(name: string): Promise<unknown[][]> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = readme.match(new RegExp(`^\`\`\`ts example=${name}\\n([\\s\\S]*?)^\`\`\``, 'm'));
  if (block === null) throw new Error(`README.md has no \`\`\`ts example=${name} block`);
  const self = JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url)));
  const dir = new URL('../.tmp/readme/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}-${++runs}.ts`, dir);
  writeFileSync(file, block[1]!.replaceAll("'__pkg__'", self));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(file.href);
    return [...log.mock.calls];
  } finally {
    log.mockRestore();
  }
}
