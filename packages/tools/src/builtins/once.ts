/**
 * A value made on first use and kept. The toolkits build their zod schemas this way, so that
 * importing `@agno/tools/builtins` costs no schema work for toolkits an application never uses.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
