/**
 * Keeping secrets out of everything a user can print: messages, causes, events, traces.
 * Known key shapes (`sk-…`, bearer tokens, `api_key=…`) are redacted by pattern; the values of
 * configured credentials (gateway keys of any shape) by value, once a provider registers them.
 */

const SECRET_PATTERNS: RegExp[] = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /(bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi,
  /((?:x-api-key|api[-_]?key|authorization|password|secret|token)["']?\s*[:=]\s*["']?)[^\s"',}]{4,}/gi,
];

/** Credential values registered by providers and applications, longest first. */
let registered: string[] = [];

/**
 * Registers the value of a credential (an API key, a header value) so that it is redacted
 * wherever the framework shows text: error messages, causes, events. Values shorter than 8
 * characters are ignored (they would redact ordinary words).
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < 8 || registered.includes(value)) return;
  registered = [...registered, value].sort((a, b) => b.length - a.length);
}

/** Replaces anything that looks like an API key, bearer token or password, and every registered secret, with `[redacted]`. */
export function redactSecrets(text: string): string {
  if (text.length < 8) return text;
  let out = text;
  for (const secret of registered) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  if (out.length < 12) return out;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_m, prefix?: string) =>
      typeof prefix === 'string' && prefix.length > 3 ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

/** Field and header names whose values are credentials (`authorization`, `x-gateway-key`, `apiKey`...). */
const SECRET_KEY =
  /^(?:(?:proxy-)?authorization|(?:set-)?cookie|.*(?:api[-_]?key|apikey|secret|password|passwd|access[-_]?token|auth[-_]?token|credentials?)|token|x-[a-z0-9-]*-(?:key|token))$/i;
const MAX_DEPTH = 4;

/**
 * A copy of what was thrown, safe to keep as an error's `cause`: strings redacted, credential-named
 * fields (headers, keys, tokens) replaced, nested causes copied the same way. An `Error` stays an
 * instance of its class (same prototype), so `instanceof` checks on a cause keep working.
 */
export function redactValue(value: unknown, depth = 0, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (depth >= MAX_DEPTH) return '[object]';
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value.slice(0, 100)) out.push(redactValue(item, depth + 1, seen));
    return out;
  }
  const headers = value as { entries?: unknown; get?: unknown };
  if (typeof headers.entries === 'function' && typeof headers.get === 'function') {
    // A Headers (or Map-like) object: a plain copy with credential headers replaced.
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    try {
      for (const [k, v] of (value as { entries(): Iterable<[string, unknown]> }).entries()) {
        out[String(k)] = SECRET_KEY.test(String(k)) ? '[redacted]' : redactValue(v, depth + 1, seen);
      }
    } catch {
      return '[headers]';
    }
    return out;
  }
  let out: Record<string, unknown>;
  try {
    out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  } catch {
    out = {};
  }
  seen.set(value, out);
  if (value instanceof Error) {
    define(out, 'message', redactSecrets(safeString(() => value.message)));
    define(out, 'stack', redactSecrets(safeString(() => value.stack)));
    const name = safeString(() => value.name);
    if (name !== safeString(() => (Object.getPrototypeOf(value) as Error | null)?.name))
      define(out, 'name', name);
  }
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return out;
  }
  for (const key of keys) {
    if (key === 'message' || key === 'stack') continue;
    let v: unknown;
    try {
      v = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    out[key] = SECRET_KEY.test(key) && v != null ? '[redacted]' : redactValue(v, depth + 1, seen);
  }
  if (value instanceof Error && 'cause' in value && !keys.includes('cause')) {
    let cause: unknown;
    try {
      cause = value.cause;
    } catch {
      cause = undefined;
    }
    if (cause !== undefined) define(out, 'cause', redactValue(cause, depth + 1, seen));
  }
  return out;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

function safeString(read: () => unknown): string {
  try {
    const v = read();
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}
