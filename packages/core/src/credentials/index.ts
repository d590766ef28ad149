/**
 * @agno/core/credentials: keeping a model's credentials out of what a user can print, for
 * provider packages (ours and plugins). Each credential a model is
 * configured with (the API key, from its option or the environment, credential headers and query
 * parameters, a password in the base URL) is registered with core's `registerSecret` once, when
 * the model is created, so core redacts its value wherever it shows text (error messages,
 * causes, events), whatever its shape. {@link inspectView} and {@link displayURL} shape what a
 * model shows of itself in `console.log` and `JSON.stringify`.
 */
// From the main entry (kept external in the build), so that there is one registry of secrets.
import { registerSecret } from '../index.js';

/**
 * API keys shorter than this are placeholders for local servers (`ollama`, `EMPTY`, `lm-studio`,
 * `not-needed`), not secrets: registering one would cut that word out of every message.
 */
export const MIN_KEY_LENGTH = 12;

/** Headers whose values are settings, not credentials: they stay readable in messages. */
const PLAIN_HEADER =
  /^(accept|accept-encoding|accept-language|content-type|user-agent|openai-organization|openai-project|openai-beta|anthropic-version|anthropic-beta|anthropic-dangerous-direct-browser-access|x-stainless-[a-z0-9-]+|x-request-id|idempotency-key)$/i;

/** Query parameters that carry credentials (`?key=`, `?api_key=`, `?sig=`...). */
const SECRET_PARAM = /key|token|secret|auth|sig|pass|credential/i;

/** Registers an API key (or token) with core, unless it is a short placeholder. */
export function registerKey(key: unknown): void {
  if (typeof key === 'string' && key.length >= MIN_KEY_LENGTH) registerSecret(key);
}

/** Registers the value of an environment variable that holds a key. */
export function registerEnvKey(name: string): void {
  if (typeof process !== 'undefined') registerKey(process.env?.[name]);
}

/**
 * Registers the values of configured headers (a record, a `Headers`, or `[name, value]` pairs),
 * all but those of {@link PLAIN_HEADER} (core ignores values under 8 characters).
 */
export function registerHeaders(headers: unknown): void {
  if (headers === undefined || headers === null || typeof headers !== 'object') return;
  const add = (name: unknown, value: unknown): void => {
    if (typeof name === 'string' && PLAIN_HEADER.test(name)) return;
    if (Array.isArray(value)) for (const v of value) add(name, v);
    else if (typeof value === 'string') registerSecret(value);
  };
  try {
    if (Array.isArray(headers)) {
      for (const pair of headers) if (Array.isArray(pair)) add(pair[0], pair[1]);
    } else if (typeof Headers !== 'undefined' && headers instanceof Headers) {
      headers.forEach((value, name) => {
        add(name, value);
      });
    } else {
      // The client's own `NullableHeaders` keep their values in `values`.
      const values = (headers as { values?: unknown }).values;
      if (values !== undefined && typeof values === 'object' && values !== null) registerHeaders(values);
      for (const [name, value] of Object.entries(headers)) add(name, value);
    }
  } catch {
    // Headers that cannot be read are not sent either.
  }
}

/** Registers the values of credential-named query parameters. */
export function registerQuery(query: Record<string, unknown> | undefined): void {
  if (query === undefined || query === null) return;
  for (const [name, value] of Object.entries(query)) {
    if (SECRET_PARAM.test(name) && typeof value === 'string') registerSecret(value);
  }
}

/** Registers the user name and password of a base URL (`https://user:key@gateway/v1`). */
export function registerURL(url: unknown): void {
  if (typeof url !== 'string' || !url.includes('@')) return;
  try {
    const parsed = new URL(url);
    for (const part of [parsed.username, parsed.password]) {
      if (part.length === 0) continue;
      registerSecret(part);
      registerSecret(safeDecode(part));
    }
  } catch {}
}

/** A base URL as shown by a model: no user name, password or query string. */
export function displayURL(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * The `util.inspect.custom` method of a model: its class name and `view` (never its options,
 * its client or its key). `inspect` is the function Node passes along.
 */
export function inspectView(name: string, view: object, options: unknown, inspect: unknown): string {
  return typeof inspect === 'function'
    ? `${name} ${(inspect as (value: unknown, options: unknown) => string)(view, options)}`
    : `${name} ${JSON.stringify(view)}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
