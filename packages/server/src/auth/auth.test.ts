import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { echoAgent, start } from '../fixtures/apps.js';
import { apiKeys } from './api-keys.js';
import { jwt } from './jwt.js';

const KEY_ADA = 'ak_live_ada_0123456789abcdef';
const KEY_BOB = 'ak_live_bob_0123456789abcdef';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

describe('auth on every route', () => {
  it('API keys: missing or wrong keys get 401 without echoing the key; the subject becomes the run’s user', async () => {
    const s = await start({
      agents: [echoAgent('a', 'hi')],
      auth: { schemes: [apiKeys({ [KEY_ADA]: 'ada' })] },
    });
    stops.push(() => s.http.close());
    const none = await fetch(`${s.url}/agents`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(`${s.url}/agents`, {
      headers: { 'x-api-key': 'ak_live_nope_0123456789abcdef' },
    });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).not.toContain('nope');
    expect(JSON.parse(text).error.code).toBe('auth_error');
    const ok = await fetch(`${s.url}/agents/a/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY_ADA}` },
      body: JSON.stringify({ input: 'hi', userId: 'someone-else' }),
    });
    expect(ok.status).toBe(200);
    const runId = ok.headers.get('x-run-id')!;
    const info = await fetch(`${s.url}/runs/${runId}`, { headers: { 'x-api-key': KEY_ADA } });
    expect(info.status).toBe(200);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    expect((await fetch(`${s.url}/ready`)).status).toBe(200);
  });

  it('routes added to the app afterwards need credentials too', async () => {
    const s = await start({
      agents: [echoAgent('a', 'hi')],
      auth: { schemes: [apiKeys({ [KEY_ADA]: 'ada' })] },
    });
    stops.push(() => s.http.close());
    s.server.app.get('/custom/whoami', (c) => c.json({ subject: c.get('principal')?.subject }));
    expect((await fetch(`${s.url}/custom/whoami`)).status).toBe(401);
    const ok = await fetch(`${s.url}/custom/whoami`, { headers: { 'x-api-key': KEY_ADA } });
    expect(await ok.json()).toEqual({ subject: 'ada' });
  });

  it('JWT with a JWKS URL: a valid token passes, an expired one, a wrong audience or a foreign key get 401', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const foreign = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    stops.push(() => new Promise((r) => jwks.close(() => r())));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    const s = await start({
      agents: [echoAgent('a', 'hi')],
      auth: { schemes: [jwt({ jwksUrl, issuer: 'https://id.example', audience: 'agno' })] },
    });
    stops.push(() => s.http.close());
    const sign = (key: CryptoKey, claims: { exp?: string; aud?: string; sub?: string } = {}) =>
      new SignJWT({ scope: 'runs:write' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject(claims.sub ?? 'grace')
        .setIssuer('https://id.example')
        .setAudience(claims.aud ?? 'agno')
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? '5m')
        .sign(key);
    const call = async (token: string) =>
      fetch(`${s.url}/agents/a/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ input: 'x' }),
      });
    expect((await call(await sign(privateKey))).status).toBe(200);
    const expired = await call(await sign(privateKey, { exp: '-10m' }));
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.message).toBe('the token has expired');
    expect((await call(await sign(privateKey, { aud: 'other' }))).status).toBe(401);
    expect((await call(await sign(foreign.privateKey))).status).toBe(401);
    expect((await call('not.a.jwt')).status).toBe(401);
  });

  it('under a base path: public paths stay public, routes added later are served and need credentials', async () => {
    const s = await start({
      agents: [echoAgent('a', 'hi')],
      basePath: '/api',
      auth: { schemes: [apiKeys({ [KEY_ADA]: 'ada' })] },
    });
    stops.push(() => s.http.close());
    s.server.app.get('/custom', (c) => c.json({ subject: c.get('principal')?.subject }));
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${s.url}/health`)).status).toBe(404);
    expect((await fetch(`${s.url}/api/custom`)).status).toBe(401);
    expect(await (await fetch(`${s.url}/api/custom`, { headers: { 'x-api-key': KEY_ADA } })).json()).toEqual({
      subject: 'ada',
    });
    const run = await fetch(`${s.url}/api/agents/a/runs`, {
      method: 'POST',
      headers: { 'x-api-key': KEY_ADA },
      body: JSON.stringify({ input: 'x' }),
    });
    expect((await run.json()).text).toBe('hi');
  });

  it('a custom scheme decides alone, and schemes are tried in order', async () => {
    const s = await start({
      agents: [echoAgent('a', 'hi')],
      auth: {
        schemes: [
          apiKeys({ [KEY_BOB]: 'bob' }),
          (req) =>
            req.headers.get('x-session-cookie') === 'valid'
              ? { subject: 'cookie-user', scheme: 'cookie' }
              : undefined,
        ],
      },
    });
    stops.push(() => s.http.close());
    s.server.app.get('/custom/whoami', (c) => c.json(c.get('principal')));
    expect(
      await (await fetch(`${s.url}/custom/whoami`, { headers: { 'x-session-cookie': 'valid' } })).json(),
    ).toMatchObject({
      subject: 'cookie-user',
      scheme: 'cookie',
    });
    expect((await fetch(`${s.url}/custom/whoami`, { headers: { 'x-session-cookie': 'stale' } })).status).toBe(
      401,
    );
  });

  it('refuses weak configuration, and never prints keys', () => {
    expect(() => apiKeys({ short: 'x' })).toThrow(/at least 16/);
    expect(() => jwt({ secret: 'too-short' })).toThrow(/at least 32/);
    expect(() => jwt({})).toThrow(/exactly one/);
    const scheme = apiKeys({ [KEY_ADA]: 'ada' });
    expect(inspect(scheme, { depth: 5 })).not.toContain(KEY_ADA);
  });

  it('CORS: preflight answered for allowed origins without credentials', async () => {
    const s = await start({
      agents: [echoAgent('a', 'hi')],
      auth: { schemes: [apiKeys({ [KEY_ADA]: 'ada' })] },
      cors: { origin: ['https://app.example'], allowHeaders: ['authorization', 'content-type'] },
    });
    stops.push(() => s.http.close());
    const pre = await fetch(`${s.url}/agents/a/runs`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await fetch(`${s.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
