/**
 * API keys: `Authorization: Bearer <key>` or an `x-api-key` header, compared in constant time
 * against SHA-256 digests (the keys themselves are never kept in a form that prints, and are
 * registered with core's redaction).
 */
import { AgnoError, ConfigError, registerSecret } from '@agno/core';
import { bearerToken, looksLikeJWT } from './bearer.js';
import type { AuthScheme, Principal } from './types.js';

/** Options of {@link apiKeys}. */
export interface ApiKeyOptions {
  /** Header read besides `Authorization: Bearer` (default `x-api-key`). */
  header?: string;
}

type KeyTable = Record<string, string | Omit<Principal, 'scheme'>>;

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * An API-key scheme. `keys` maps each key to its subject (or a principal without `scheme`), or is a
 * function that resolves a key (a database lookup) to a principal or undefined.
 */
export function apiKeys(
  keys:
    | KeyTable
    | ((
        key: string,
      ) => Omit<Principal, 'scheme'> | undefined | Promise<Omit<Principal, 'scheme'> | undefined>),
  options: ApiKeyOptions = {},
): AuthScheme {
  const header = (options.header ?? 'x-api-key').toLowerCase();
  let table: Promise<Array<{ digest: Uint8Array; principal: Omit<Principal, 'scheme'> }>> | undefined;
  if (typeof keys !== 'function') {
    const entries = Object.entries(keys);
    for (const [key, who] of entries) {
      if (key.length < 16) throw new ConfigError('API keys must be at least 16 characters long');
      if (typeof who === 'string' ? who === '' : who.subject === '') {
        throw new ConfigError('every API key needs a non-empty subject');
      }
      registerSecret(key);
    }
    table = Promise.all(
      entries.map(async ([key, who]) => ({
        digest: await digest(key),
        principal: typeof who === 'string' ? { subject: who } : who,
      })),
    );
  }
  return async (request) => {
    const bearer = bearerToken(request);
    const key =
      request.headers.get(header) ?? (bearer !== undefined && !looksLikeJWT(bearer) ? bearer : undefined);
    if (key === undefined) return undefined;
    if (typeof keys === 'function') {
      const found = await keys(key);
      if (found === undefined) throw new AgnoError('auth_error', 'invalid API key');
      return { ...found, scheme: 'api-key' };
    }
    const d = await digest(key);
    let match: Omit<Principal, 'scheme'> | undefined;
    for (const entry of await table!) if (sameBytes(entry.digest, d)) match = entry.principal;
    if (match === undefined) throw new AgnoError('auth_error', 'invalid API key');
    return { ...match, scheme: 'api-key' };
  };
}
