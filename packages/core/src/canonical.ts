/**
 * Canonical JSON: object keys sorted at every depth, so that two equal values
 * always give the same string whatever the key order. Used for loop detection
 * and cache keys.
 */

/** Serialises `value` with sorted keys. Cycles and BigInts are written as markers rather than thrown. */
export function canonicalJSON(value: unknown): string {
  // Tool arguments are mostly flat objects whose keys already come sorted: JSON.stringify writes
  // those exactly as `write` would, with no key array, sort or intermediate strings.
  return isFlatAndSorted(value) ? JSON.stringify(value) : write(value, 0, undefined);
}

/**
 * A plain object whose keys enumerate in sorted order and whose values are all null, strings,
 * numbers, booleans or undefined (written the same by JSON.stringify and by `write`).
 */
function isFlatAndSorted(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let prev: string | undefined;
  for (const key in value) {
    if (prev !== undefined && !(prev < key)) return false;
    prev = key;
    const v = (value as Record<string, unknown>)[key];
    const type = typeof v;
    if (v !== null && type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'undefined')
      return false;
  }
  return true;
}

/** Depth below which cycles cannot hide yet: no set of visited objects is kept above it. */
const TRACK_FROM_DEPTH = 8;

function write(value: unknown, depth: number, seen: Set<object> | undefined): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value}n"`;
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'null';
  }
  const obj = value as Record<string, unknown>;
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    return write((obj as { toJSON(): unknown }).toJSON(), depth, seen);
  }
  // Shallow values (tool arguments, requests) are walked without bookkeeping; past a depth
  // where a cycle could be looping, visited objects are tracked.
  if (depth >= TRACK_FROM_DEPTH) {
    if (seen === undefined) seen = new Set();
    if (seen.has(obj)) return '"[circular]"';
    seen.add(obj);
  }
  const next = depth + 1;
  let out: string;
  if (Array.isArray(obj)) {
    out = '[';
    for (let i = 0; i < obj.length; i++) out += (i ? ',' : '') + write(obj[i], next, seen);
    out += ']';
  } else {
    const keys = Object.keys(obj).sort();
    out = '{';
    let first = true;
    for (const key of keys) {
      const v = obj[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${write(v, next, seen)}`;
      first = false;
    }
    out += '}';
  }
  seen?.delete(obj);
  return out;
}
