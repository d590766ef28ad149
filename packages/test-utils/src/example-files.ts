/** Example files that a README shows verbatim. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadmeBlock } from './readme-blocks.js';

/** The `.ts` files of `dir` (a path or a `file:` URL) by file name, each trimmed, sorted by name. */
export function exampleFiles(dir: string | URL): Record<string, string> {
  if (typeof dir !== 'string') dir = fileURLToPath(dir);
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    out[name] = readFileSync(join(dir, name), 'utf8').trim();
  }
  return out;
}

/**
 * The differences between a README's blocks and the example files it must show verbatim,
 * as sentences (empty when every file appears as one block and every block is one of the
 * files); compare with `[]` so a failure names what drifted.
 */
export function verbatimMismatches(blocks: readonly ReadmeBlock[], files: Record<string, string>): string[] {
  const shown = new Set(blocks.map((b) => b.code.trim()));
  const known = new Set(Object.values(files));
  const out: string[] = [];
  for (const [name, code] of Object.entries(files)) {
    if (!shown.has(code)) out.push(`${name} is not shown verbatim in the README`);
  }
  for (const b of blocks) {
    if (!known.has(b.code.trim())) out.push(`README block ${b.index + 1} is not one of the example files`);
  }
  return out;
}
