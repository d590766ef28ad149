/**
 * Deep partial matching of values (tool arguments, structured output): every key the expected
 * value gives must match, recursively; keys it leaves out are not checked.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `actual` matches `expected` as a deep partial: objects by the expected keys,
 * arrays element by element (same length), a `RegExp` against a string, anything else by
 * `Object.is`. `undefined` expects nothing.
 */
export function matchesPartial(actual: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matchesPartial(actual[i], e))
    );
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return false;
    for (const key of Object.keys(expected)) {
      if (!matchesPartial(actual[key], expected[key])) return false;
    }
    return true;
  }
  return Object.is(actual, expected);
}
