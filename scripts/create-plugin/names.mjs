/**
 * The names of a new plugin: its npm package name (scoped or not) and the identifiers the
 * templates derive from it, and the placeholder filling of template text.
 */

const BASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SCOPE = /^@[a-z0-9][a-z0-9._-]*$/;

/**
 * The package name for `name` (`weather`, `agno-weather` or `@acme/agno-weather`) and `scope`
 * (`@acme` or `acme`; `defaultScope` when neither names one; none at all gives an unscoped name).
 * Returns `{ pkg, scope, base }`: `base` is the unscoped part, which names the folder and the
 * identifiers. Throws an Error whose message says what is wrong.
 */
export function packageName(name, scope, defaultScope) {
  const at = name.startsWith('@') ? name.indexOf('/') : -1;
  const ownScope = at > 0 ? name.slice(0, at) : undefined;
  const base = at > 0 ? name.slice(at + 1) : name;
  const wanted = scope === undefined ? undefined : scope.startsWith('@') ? scope : `@${scope}`;
  if (ownScope !== undefined && wanted !== undefined && ownScope !== wanted) {
    throw new Error(`"${name}" has the scope ${ownScope} but --scope says ${wanted}: give one`);
  }
  const chosen = ownScope ?? wanted ?? defaultScope;
  if (chosen !== undefined && !SCOPE.test(chosen)) {
    throw new Error(`"${chosen}" is not an npm scope: @ then lowercase letters, digits, dots, dashes`);
  }
  if (!BASE.test(base)) {
    throw new Error(`"${name}" is not a package name: lowercase letters, digits and single dashes`);
  }
  return { pkg: chosen === undefined ? base : `${chosen}/${base}`, scope: chosen, base };
}

/**
 * The template names of a package: `{ pkg: '@acme/my-provider', name: 'my-provider',
 * fn: 'myProvider', Class: 'MyProvider', CONST: 'MY_PROVIDER', Title: 'My Provider' }`.
 */
export function names(pkg, base) {
  const words = base.split('-').filter(Boolean);
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  return {
    pkg,
    name: base,
    fn: words[0] + words.slice(1).map(cap).join(''),
    Class: words.map(cap).join(''),
    CONST: words.join('_').toUpperCase(),
    Title: words.map(cap).join(' '),
  };
}

const PLACEHOLDER = /__(pkg|name|fn|Class|CONST|Title|agno|development)__/g;

/**
 * `text` with each placeholder `__key__` replaced by `values[key]`: the {@link names} (`__pkg__`,
 * `__name__`, `__fn__`, `__Class__`, `__CONST__`, `__Title__`) and what the mode adds (`__agno__`,
 * `__development__`).
 */
export function fill(text, values) {
  return text.replace(PLACEHOLDER, (match, key) => values[key] ?? match);
}
