#!/usr/bin/env node
/**
 * Scaffolds a plugin package from templates/<kind>:
 *
 *   pnpm create-plugin model my-provider      # packages/my-provider, @agno/my-provider
 *   pnpm create-plugin tool weather-tools
 *   node scripts/create-plugin.mjs model x --root /some/checkout   # another checkout (tests)
 *
 * Writes packages/<name> (exports map with the `@agno/source` condition, tsconfig, vitest config,
 * src with a working implementation and tests wired to the conformance suites, README),
 * benchmarks/suites/<name>.bench.ts and .changeset/<name>-initial.md, and adds the package to
 * benchmarks/package.json so the runner can import it. Then: `pnpm install`, `pnpm --filter
 * @agno/<name> test`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const templates = join(here, '..', 'templates');
const KINDS = readdirSync(templates).filter((k) => statSync(join(templates, k)).isDirectory());

/** my-provider → { name, fn: myProvider, Class: MyProvider, CONST: MY_PROVIDER, Title: My Provider } */
export function names(name) {
  const words = name.split('-').filter(Boolean);
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  return {
    name,
    fn: words[0] + words.slice(1).map(cap).join(''),
    Class: words.map(cap).join(''),
    CONST: words.join('_').toUpperCase(),
    Title: words.map(cap).join(' '),
  };
}

/** Replaces the placeholders `__name__`, `__fn__`, `__Class__`, `__CONST__`, `__Title__`. */
export function fill(text, n) {
  return text
    .replaceAll('__name__', n.name)
    .replaceAll('__fn__', n.fn)
    .replaceAll('__Class__', n.Class)
    .replaceAll('__CONST__', n.CONST)
    .replaceAll('__Title__', n.Title);
}

/** Where a template file goes, relative to the repository root. */
function target(file, name) {
  if (file === '_bench.ts') return join('benchmarks', 'suites', `${name}.bench.ts`);
  if (file === '_changeset.md') return join('.changeset', `${name}-initial.md`);
  if (file === 'package.json.tmpl') return join('packages', name, 'package.json');
  if (file === 'gitignore') return join('packages', name, '.gitignore');
  return join('packages', name, file);
}

function walk(dir, base = dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path)];
    });
}

/** Scaffolds `kind` as `name` under `root`; returns the files written, relative to `root`. */
export function createPlugin(kind, name, root) {
  if (!KINDS.includes(kind)) throw new Error(`unknown kind "${kind}" (one of: ${KINDS.join(', ')})`);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new Error(`"${name}" is not a package name: lowercase letters, digits and single dashes`);
  }
  const n = names(name);
  const files = walk(join(templates, kind)).map((file) => ({ file, to: target(file, name) }));
  for (const to of [join('packages', name), ...files.map((f) => f.to)]) {
    if (existsSync(join(root, to))) throw new Error(`${to} exists already; nothing was written`);
  }
  for (const { file, to } of files) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    writeFileSync(join(root, to), fill(readFileSync(join(templates, kind, file), 'utf8'), n));
  }
  const benchPackage = join(root, 'benchmarks', 'package.json');
  if (existsSync(benchPackage)) {
    const pkg = JSON.parse(readFileSync(benchPackage, 'utf8'));
    pkg.dependencies = Object.fromEntries(
      Object.entries({ ...pkg.dependencies, [`@agno/${name}`]: 'workspace:*' }).sort(([a], [b]) =>
        a.localeCompare(b),
      ),
    );
    writeFileSync(benchPackage, `${JSON.stringify(pkg, null, 2)}\n`);
    files.push({ file: '', to: join('benchmarks', 'package.json') });
  }
  format(
    root,
    files.map((f) => f.to).filter((f) => f.endsWith('.ts')),
  );
  return files.map((f) => f.to);
}

/**
 * Sorts imports and formats the new files with the repository's Biome (names change line
 * lengths and import order); skipped when Biome is not installed.
 */
function format(root, files) {
  const biome = join(here, '..', 'node_modules', '.bin', 'biome');
  if (!existsSync(biome) || files.length === 0) return;
  try {
    execFileSync(biome, ['check', '--write', ...files], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    console.warn(`create-plugin: biome could not format the new files:\n${error.stdout ?? error.message}`);
  }
}

function main(argv) {
  const args = argv.slice(2);
  const at = args.indexOf('--root');
  const root = resolve(at >= 0 ? args.splice(at, 2)[1] : join(here, '..'));
  const [kind, name] = args;
  if (kind === undefined || name === undefined || args.length !== 2) {
    console.error(`usage: pnpm create-plugin <${KINDS.join('|')}> <name> [--root DIR]`);
    return 2;
  }
  try {
    const written = createPlugin(kind, name, root);
    console.log(`Created @agno/${name}:\n${written.map((f) => `  ${f}`).join('\n')}`);
    console.log(`\nNext: pnpm install && pnpm --filter @agno/${name} test`);
    return 0;
  } catch (error) {
    console.error(`create-plugin: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv);
}
