/**
 * JWT bearer tokens, verified with `jose`: a shared secret (HS256...), a public key, or a JWKS URL
 * (keys fetched and cached by `jose`, refreshed on an unknown `kid`). Issuer, audience and expiry
 * are checked; the subject comes from a claim (`sub` by default).
 */
import { AgnoError, ConfigError } from '@agno/core';
import { bearerToken, looksLikeJWT } from './bearer.js';
import type { AuthScheme } from './types.js';

/** Options of {@link jwt}. */
export interface JWTOptions {
  /** A shared secret for HMAC algorithms. */
  secret?: string;
  /** A public key (PEM SPKI) for RSA/EC/EdDSA algorithms, with `algorithms`. */
  publicKey?: string;
  /** A JWKS URL (the identity provider's `jwks_uri`). */
  jwksUrl?: string | URL;
  issuer?: string | string[];
  audience?: string | string[];
  /** Accepted algorithms (default: HS256 with a secret, RS256 and ES256 otherwise). */
  algorithms?: string[];
  /** The claim that names the subject (default `sub`). */
  subjectClaim?: string;
  /** The claim that holds scopes (a space-separated string or an array; default `scope`). */
  scopesClaim?: string;
  /** Allowed clock skew in seconds (default 5). */
  clockToleranceSec?: number;
}

/** A JWT bearer scheme. */
export function jwt(options: JWTOptions): AuthScheme {
  const sources = [options.secret, options.publicKey, options.jwksUrl].filter((s) => s !== undefined);
  if (sources.length !== 1) throw new ConfigError('jwt() needs exactly one of secret, publicKey or jwksUrl');
  if (options.secret !== undefined && options.secret.length < 32) {
    throw new ConfigError('a JWT secret must be at least 32 characters long');
  }
  const algorithms = options.algorithms ?? (options.secret !== undefined ? ['HS256'] : ['RS256', 'ES256']);
  const subjectClaim = options.subjectClaim ?? 'sub';
  const scopesClaim = options.scopesClaim ?? 'scope';
  type Verify = (token: string) => Promise<{ payload: Record<string, unknown> }>;
  let verifier: Promise<Verify> | undefined;
  const load = (): Promise<Verify> =>
    (verifier ??= import('jose').then(async (jose) => {
      const checks = {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.clockToleranceSec ?? 5,
      };
      if (options.jwksUrl !== undefined) {
        const set = jose.createRemoteJWKSet(new URL(options.jwksUrl));
        return (token: string) => jose.jwtVerify(token, set, checks);
      }
      const key =
        options.secret !== undefined
          ? new TextEncoder().encode(options.secret)
          : await jose.importSPKI(options.publicKey!, algorithms[0]!);
      return (token: string) => jose.jwtVerify(token, key, checks);
    }));
  return async (request) => {
    const token = bearerToken(request);
    if (token === undefined || !looksLikeJWT(token)) return undefined;
    let payload: Record<string, unknown>;
    try {
      payload = (await (await load())(token)).payload;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const why = code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'invalid token';
      throw new AgnoError('auth_error', why);
    }
    const subject = payload[subjectClaim];
    if (typeof subject !== 'string' || subject === '') {
      throw new AgnoError('auth_error', `the token has no "${subjectClaim}" claim`);
    }
    const raw = payload[scopesClaim];
    const scopes =
      typeof raw === 'string' ? raw.split(' ').filter(Boolean) : Array.isArray(raw) ? raw.map(String) : [];
    return { subject, scheme: 'jwt', scopes, claims: payload };
  };
}
