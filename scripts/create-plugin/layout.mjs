/**
 * Which template files a plugin gets and where they go. `templates/<kind>/` holds a kind's files
 * for both modes; `templates/<kind>/_repo/` and `_standalone/` what only one mode gets, and
 * `templates/_repo/` and `templates/_standalone/` what every kind gets in that mode (configs).
 * A kind's own file replaces a shared one of the same path.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `templates/` folder beside `scripts/`. */
export const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

/** The kinds of plugin there are templates for (`model`, `tool`). */
export const KINDS = readdirSync(templatesDir)
  .filter((k) => !k.startsWith('_') && statSync(join(templatesDir, k)).isDirectory())
  .sort();

function walk(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return entry.startsWith('_') ? [] : walk(path, base);
      return [relative(base, path)];
    });
}

/** Where a template file goes: relative to the repository root (`repo`) or the package (`standalone`). */
function target(file, base, mode) {
  const name = file === 'package.json.tmpl' ? 'package.json' : file === 'gitignore' ? '.gitignore' : file;
  if (mode === 'standalone') return name;
  if (file === '_bench.ts') return join('benchmarks', 'suites', `${base}.bench.ts`);
  if (file === '_changeset.md') return join('.changeset', `${base}-initial.md`);
  return join('packages', base, name);
}

/**
 * The files of `kind` in `mode` (`repo` or `standalone`): `{ from, to }` with `from` absolute and
 * `to` as {@link target} gives it. `_development.md` is not a file of its own: it fills
 * the READMEs' `__development__`.
 */
export function templateFiles(kind, base, mode) {
  const layers = [
    join(templatesDir, `_${mode}`),
    join(templatesDir, kind),
    join(templatesDir, kind, `_${mode}`),
  ];
  const files = new Map();
  for (const layer of layers) {
    for (const file of walk(layer)) {
      if (file !== '_development.md')
        files.set(file, { from: join(layer, file), to: target(file, base, mode) });
    }
  }
  return [...files.values()];
}

/** The text that fills `__development__` in `mode`, unfilled. */
export const developmentFile = (mode) => join(templatesDir, `_${mode}`, '_development.md');
