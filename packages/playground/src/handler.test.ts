/**
 * `playground()` and `withPlayground()` over HTTP: the page with its configuration, its files,
 * the redirect to the folder, what it leaves to the server (the API, behind the server's auth),
 * a page not built yet, and bad options.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, isAgnoError } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { apiKeys, createServer } from '@agno/server';
import { createClient } from '@agno/server/client';
import { listen } from '@agno/server/node';
import { afterAll, describe, expect, it } from 'vitest';
import { playground, withPlayground } from './handler.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-playground-handler-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<html><head><!--agno-config--></head><body>page</body></html>');
writeFileSync(join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
writeFileSync(join(dir, 'notes.txt'), 'not served');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (handler: ReturnType<typeof playground>, path: string, method = 'GET') =>
  handler(new Request(`http://localhost${path}`, { method }));

describe('playground()', () => {
  it('serves the page with its configuration, and its files', async () => {
    const page = playground({ dir, apiBase: '/api', prices: { '*': { input: 1, output: 2 } } });
    const res = (await get(page, '/playground/'))!;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    const json = /<script id="agno-config" type="application\/json">(.*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(json!)).toEqual({ apiBase: '/api', prices: { '*': { input: 1, output: 2 } } });
    const js = (await get(page, '/playground/assets/main-abc.js'))!;
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toBe('console.log(1)');
    const head = (await get(page, '/playground/assets/main-abc.js', 'HEAD'))!;
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('redirects to the folder, answers 404 for unknown files, and leaves everything else to the server', async () => {
    const page = playground({ dir, path: '/dev/ui/' });
    expect(page.path).toBe('/dev/ui');
    const redirect = (await get(page, '/dev/ui?x=1'))!;
    expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/dev/ui/?x=1']);
    for (const path of ['/dev/ui/notes.txt', '/dev/ui/assets/..%2Findex.html', '/dev/ui/%E0%A4%A'])
      expect((await get(page, path))?.status, path).toBe(404);
    // URLs are normalised first: a dot segment leaves the page's folder, to the server.
    expect(await get(page, '/dev/ui/../index.html')).toBeUndefined();
    expect(await get(page, '/agents')).toBeUndefined();
    expect(await get(page, '/dev/uix/')).toBeUndefined();
    expect(await get(page, '/dev/ui/', 'POST')).toBeUndefined();
  });

  it('says how to build the page when it is not built', async () => {
    const res = (await get(playground({ dir: join(dir, 'missing') }), '/playground/'))!;
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('pnpm --filter @agno/playground build');
  });

  it('refuses a bad path or price table with a ConfigError', () => {
    for (const options of [
      { path: 'playground' },
      { path: '/a b' },
      { prices: { x: { input: -1, output: 1 } } },
      { prices: [] },
    ]) {
      let caught: unknown;
      try {
        playground(options as never);
      } catch (error) {
        caught = error;
      }
      expect(isAgnoError(caught, 'config_error'), JSON.stringify(options)).toBe(true);
    }
  });
});

describe('withPlayground()', () => {
  it('serves the page before the server’s auth, and the API behind it', async () => {
    const agent = new Agent({ name: 'echo', model: new ScriptedModel({ respond: 'hi' }) });
    const server = createServer({
      agents: [agent],
      auth: { schemes: [apiKeys({ 'pg-test-key-0123456789': 'ann' })] },
    });
    const http = await listen(withPlayground(server, { dir }), { port: 0 });
    try {
      expect((await fetch(`${http.url}/playground/`)).status).toBe(200);
      expect((await fetch(`${http.url}/agents`)).status).toBe(401);
      const client = createClient({ baseUrl: http.url, apiKey: 'pg-test-key-0123456789' });
      expect(await client.list('agents')).toEqual([{ name: 'echo' }]);
    } finally {
      await http.close();
    }
  });
});
