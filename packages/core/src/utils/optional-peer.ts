/**
 * Optional peer dependencies (a database driver, a parser, a provider's client) loaded on first
 * use: each is imported once, and a missing one fails with a `ConfigError` naming the package to
 * install, instead of a raw module-not-found error.
 */
import { ConfigError, errorMessage } from '../errors.js';

const loaded = new Map<string, Promise<unknown>>();

/**
 * The module `name`, imported by `load` (a function holding a literal `import('name')`, so that
 * bundlers see it) the first time and shared after that. A failed import is not cached: installing
 * the package and calling again works. `feature` says what needs it, for the error message.
 */
export function loadPeer<T>(name: string, feature: string, load: () => Promise<T>): Promise<T> {
  let module = loaded.get(name) as Promise<T> | undefined;
  if (module === undefined) {
    module = load().catch((error: unknown) => {
      loaded.delete(name);
      throw missingPeer(name, feature, error);
    });
    loaded.set(name, module);
  }
  return module;
}

/** The error for an optional peer that could not be loaded (`error` is what the import threw). */
export function missingPeer(name: string, feature: string, error: unknown): ConfigError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const notInstalled = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return new ConfigError(
    notInstalled
      ? `${feature} needs the package "${name}": install it (npm install ${name})`
      : `${feature} needs the package "${name}", which failed to load: ${errorMessage(error)}`,
    { cause: error, details: { package: name } },
  );
}
