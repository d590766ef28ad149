import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8'));

/** Packages loaded at run time by `entry` and everything it imports (type-only imports are erased). */
function runtimeImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const statements =
      /^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'|import\('([^']+)'\)/gm;
    for (const m of text.matchAll(statements)) {
      if (m[1] !== undefined) continue;
      const spec = (m[2] ?? m[3] ?? m[4])!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else
        external.add(
          spec.startsWith('node:')
            ? spec
            : spec
                .split('/')
                .slice(0, spec.startsWith('@') ? 2 : 1)
                .join('/'),
        );
    }
  };
  visit(join(src, '..', entry));
  return external;
}

describe('entry points', () => {
  it('the root entry loads neither driver nor vitest; each driver entry loads only its own driver', () => {
    const root = runtimeImports(pkg.exports['.']['@agno/source']);
    const sqlite = runtimeImports(pkg.exports['./sqlite']['@agno/source']);
    const postgres = runtimeImports(pkg.exports['./postgres']['@agno/source']);
    const testing = runtimeImports(pkg.exports['./testing']['@agno/source']);
    expect([...root].sort()).toEqual(['@agno/core']);
    // node:fs and node:path tell a read-only file system apart (built into Node, as better-sqlite3 needs Node);
    // better-sqlite3 itself is required on first open (node:module), so the entry imports without it.
    expect([...sqlite].sort()).toEqual(['@agno/core', 'node:fs', 'node:module', 'node:path']);
    expect([...postgres].sort()).toEqual(['@agno/core', 'pg']);
    expect([...testing].sort()).toEqual(['@agno/core', 'vitest']);
  });
});
