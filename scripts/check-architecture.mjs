#!/usr/bin/env node
/**
 * The architecture rules that can be checked mechanically, over every package's `src`:
 * - no source file over 400 lines (tests, fixtures and the local test servers of `src/testing`
 *   named `fake-*` aside);
 * - no import cycle among a package's own modules (relative imports, type-only ones included:
 *   a cycle of types is still a tangle for the reader);
 * - `@agno/core` has no runtime dependencies.
 * Prints what breaks a rule and exits 1; prints one line and exits 0 when all hold.
 * Run: `node scripts/check-architecture.mjs` (part of `npm test`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_LINES = 400;
const problems = [];

/** Every .ts file under `dir`. */
function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Whether a file is exempt from the size rule (tests, fixtures, local wire-format test servers). */
function exempt(path) {
  return (
    path.endsWith('.test.ts') ||
    path.includes('/fixtures/') ||
    /\/testing\/fake-[^/]+\.ts$/.test(path) ||
    path.endsWith('.d.ts')
  );
}

/** The package modules `file` imports by relative path (resolved to .ts files). */
function imports(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1].replace(/\.js$/, '.ts'));
    if (existsSync(target)) out.push(target);
    else if (existsSync(join(target.replace(/\.ts$/, ''), 'index.ts')))
      out.push(join(target.replace(/\.ts$/, ''), 'index.ts'));
  }
  return out;
}

/** The first import cycle found among `files`, as a list of paths, or undefined. */
function findCycle(files) {
  const graph = new Map(files.map((f) => [f, imports(f)]));
  const state = new Map();
  const stack = [];
  const visit = (f) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!graph.has(g)) continue;
      if (state.get(g) === 'open') return [...stack.slice(stack.indexOf(g)), g];
      if (state.get(g) === undefined) {
        const found = visit(g);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(f, 'done');
    return undefined;
  };
  for (const f of files) {
    if (state.get(f) === undefined) {
      const found = visit(f);
      if (found) return found;
    }
  }
  return undefined;
}

for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src');
  if (!existsSync(src)) continue;
  const files = sources(src);
  for (const f of files) {
    if (exempt(f)) continue;
    const lines = readFileSync(f, 'utf8').split('\n').length;
    if (lines > MAX_LINES) problems.push(`${relative(root, f)}: ${lines} lines (at most ${MAX_LINES})`);
  }
  const cycle = findCycle(files.filter((f) => !f.endsWith('.test.ts')));
  if (cycle) problems.push(`import cycle in ${pkg}: ${cycle.map((f) => relative(src, f)).join(' → ')}`);
}

const core = JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8'));
if (Object.keys(core.dependencies ?? {}).length > 0) problems.push('@agno/core has runtime dependencies');

if (problems.length > 0) {
  console.error(`architecture: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('architecture: files ≤ 400 lines, no import cycles, core without dependencies');
