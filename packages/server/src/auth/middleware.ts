/**
 * The auth middleware: runs before every route, the server's and any added later to its app, except
 * the public paths. A request without a principal gets 401; a credential that fails gets 401 with
 * why (`invalid token`, `the token has expired`), never the credential.
 */
import { AgnoError, isAgnoError } from '@agno/core';
import type { MiddlewareHandler } from 'hono';
import { errorJSON } from '../http-errors.js';
import type { AuthOptions, Principal } from './types.js';

/** The Hono variables the server sets. */
export interface ServerVariables {
  /** Who sent the request (undefined when the server has no auth). */
  principal: Principal | undefined;
}

/** Whether `path` is one of `patterns` (exact, or a prefix ending in `*`). */
export function matchesPath(path: string, patterns: readonly string[]): boolean {
  for (const p of patterns) {
    if (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p) return true;
  }
  return false;
}

/** The middleware for `auth` (a pass-through setting no principal when `auth` is undefined). */
export function authMiddleware(
  auth: AuthOptions | undefined,
  basePath: string,
): MiddlewareHandler<{ Variables: ServerVariables }> {
  const open = (auth?.public ?? ['/health', '/ready']).map((p) => basePath + p);
  return async (c, next) => {
    if (auth === undefined || c.req.method === 'OPTIONS' || matchesPath(c.req.path, open)) {
      c.set('principal', undefined);
      return next();
    }
    let principal: Principal | undefined;
    try {
      for (const scheme of auth.schemes) {
        principal = await scheme(c.req.raw);
        if (principal !== undefined) break;
      }
    } catch (error) {
      return errorJSON(isAgnoError(error) ? error : new AgnoError('auth_error', 'authentication failed'), {
        'www-authenticate': 'Bearer',
      });
    }
    if (principal === undefined) {
      return errorJSON(new AgnoError('auth_error', 'credentials are required'), {
        'www-authenticate': 'Bearer',
      });
    }
    c.set('principal', principal);
    return next();
  };
}
