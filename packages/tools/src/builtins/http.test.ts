import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isAgnoError, type Tool } from '@agno/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalls, toolContext } from '../fixtures/agent.js';
import { type HttpResult, httpToolkit } from './index.js';

let server: Server;
let port = 0;
const hits: string[] = [];

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function route(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, 'http://x');
  hits.push(`${req.method} ${req.headers.host?.split(':')[0]} ${url.pathname}`);
  const send = (
    status: number,
    type: string,
    text: string | Buffer,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(text);
  };
  switch (url.pathname) {
    case '/json':
      return send(200, 'application/json; charset=utf-8', JSON.stringify({ ok: true, list: [1, 2] }));
    case '/text':
      return send(200, 'text/plain', 'hello');
    case '/missing':
      return send(404, 'text/plain', 'no such page');
    case '/big':
      return send(200, 'text/plain', 'x'.repeat(10_000));
    case '/binary':
      return send(200, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), {
        'content-length': '7',
      });
    case '/headers':
      return send(200, 'application/json', JSON.stringify(req.headers));
    case '/redirect-ok':
      return send(302, 'text/plain', '', { location: '/json' });
    case '/redirect-out':
      return send(302, 'text/plain', '', { location: `http://localhost:${port}/json` });
    case '/redirect-loop':
      return send(302, 'text/plain', '', { location: '/redirect-loop' });
    case '/redirect-headers':
      return send(307, 'text/plain', '', { location: `http://localhost:${port}/headers` });
    case '/post-303':
      return send(303, 'text/plain', '', { location: '/echo' });
    case '/echo':
      void body(req).then((b) =>
        send(
          200,
          'application/json',
          JSON.stringify({ method: req.method, type: req.headers['content-type'] ?? null, body: b }),
        ),
      );
      return;
    case '/redirect-to':
      return send(Number(url.searchParams.get('status') ?? 302), 'text/plain', '', {
        location: url.searchParams.get('to')!,
      });
    case '/redirect-ok-headers':
      return send(302, 'text/plain', '', { location: '/headers' });
    case '/echo-all':
      void body(req).then((b) =>
        send(200, 'application/json', JSON.stringify({ method: req.method, headers: req.headers, body: b })),
      );
      return;
    case '/slow':
      return; // never answers
    default:
      return send(500, 'text/plain', 'unexpected');
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const ctx = () => toolContext();

async function toolsOf(options: Partial<Parameters<typeof httpToolkit>[0]> = {}) {
  const tools = await httpToolkit({ allowedHosts: ['127.0.0.1'], ...options }).tools();
  const get = tools.find((t) => t.name === 'http_get') as Tool;
  const post = tools.find((t) => t.name === 'http_post') as Tool;
  return {
    get: (url: string, extra: object = {}) =>
      Promise.resolve(get.execute({ url, ...extra }, ctx())) as Promise<HttpResult>,
    post: (url: string, b: string, contentType = 'application/json', extra: object = {}) =>
      Promise.resolve(post?.execute({ url, body: b, contentType, ...extra }, ctx())) as Promise<HttpResult>,
    tools,
  };
}

const base = () => `http://127.0.0.1:${port}`;

describe('httpToolkit', () => {
  it('fails with typed errors the model reads: refused input, timeouts, unreachable hosts', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const { result } = await runCalls(
      [httpToolkit({ allowedHosts: ['127.0.0.1'], timeoutMs: 300 })],
      [
        { name: 'http_get', args: { url: 'http://example.com/' }, id: 'host' },
        { name: 'http_get', args: { url: 'ftp://127.0.0.1/x' }, id: 'scheme' },
        { name: 'http_get', args: { url: `${base()}/slow` }, id: 'slow' },
        { name: 'http_get', args: { url: `http://127.0.0.1:${deadPort}/` }, id: 'dead' },
        { name: 'http_get', args: { url: `${base()}/redirect-loop` }, id: 'loop' },
      ],
    );
    const codes = Object.fromEntries(result.toolCalls.map((c) => [c.id, c.errorCode]));
    expect(codes).toEqual({
      host: 'validation_error',
      scheme: 'validation_error',
      slow: 'timeout',
      dead: 'tool_error',
      loop: 'tool_error',
    });
    expect(result.toolCalls.every((c) => c.isError)).toBe(true);
  });

  it('GETs JSON (parsed) and text, and reports the status of failures', async () => {
    const { get } = await toolsOf();
    expect(await get(`${base()}/json`)).toEqual({
      url: `${base()}/json`,
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: { ok: true, list: [1, 2] },
    });
    expect((await get(`${base()}/text`)).body).toBe('hello');
    expect(await get(`${base()}/missing`)).toMatchObject({ status: 404, body: 'no such page' });
  });

  it('POSTs text and JSON bodies; refuses a JSON body that is not JSON', async () => {
    const { post } = await toolsOf();
    expect((await post(`${base()}/echo`, '{"a":1}')).body).toEqual({
      method: 'POST',
      type: 'application/json',
      body: '{"a":1}',
    });
    expect((await post(`${base()}/echo`, 'hi', 'text/plain')).body).toMatchObject({
      type: 'text/plain',
      body: 'hi',
    });
    await expect(post(`${base()}/echo`, '{oops')).rejects.toThrow(/the body is not valid JSON/);
  });

  it('refuses hosts outside the allowlist, other schemes and credentials, without a request', async () => {
    const { get } = await toolsOf();
    const before = hits.length;
    await expect(get(`http://localhost:${port}/json`)).rejects.toThrow(
      `host "localhost:${port}" is not allowed (allowed hosts: 127.0.0.1)`,
    );
    await expect(get('file:///etc/passwd')).rejects.toThrow(
      /only http and https URLs are allowed, not file:/,
    );
    await expect(get(`http://user:pw@127.0.0.1:${port}/json`)).rejects.toThrow(/credentials are refused/);
    await expect(get('/json')).rejects.toThrow(/is not an absolute URL/);
    expect(hits.length).toBe(before);
  });

  it('follows redirects inside the allowlist and refuses one that leaves it', async () => {
    const { get } = await toolsOf();
    expect(await get(`${base()}/redirect-ok`)).toMatchObject({
      url: `${base()}/json`,
      body: { ok: true, list: [1, 2] },
    });
    await expect(get(`${base()}/redirect-out`)).rejects.toThrow(
      `refused a redirect from 127.0.0.1:${port}: host "localhost:${port}" is not allowed`,
    );
    expect(hits).not.toContain('GET localhost /json');
    await expect(get(`${base()}/redirect-loop`)).rejects.toThrow('more than 5 redirects');
  });

  it('turns a POST into a GET on 303', async () => {
    const { post } = await toolsOf();
    expect((await post(`${base()}/post-303`, '{}')).body).toEqual({ method: 'GET', type: null, body: '' });
  });

  it('sends configured headers the model cannot change, and drops credentials on a redirect to another host', async () => {
    const { get } = await toolsOf({
      allowedHosts: ['127.0.0.1', 'localhost'],
      headers: { Authorization: 'Bearer sk-test-secret-value' },
    });
    const direct = (
      await get(`${base()}/headers`, {
        headers: [
          { name: 'authorization', value: 'mine' },
          { name: 'x-a', value: '1' },
        ],
      })
    ).body as Record<string, string>;
    expect(direct.authorization).toBe('Bearer sk-test-secret-value');
    expect(direct['x-a']).toBe('1');
    const moved = (await get(`${base()}/redirect-headers`)).body as Record<string, string>;
    expect(moved.host).toBe(`localhost:${port}`);
    expect(moved.authorization).toBeUndefined();
    await expect(get(`${base()}/json`, { headers: [{ name: 'Host', value: 'evil' }] })).rejects.toThrow(
      'the header "Host" cannot be set',
    );
  });

  it('drops every configured and model-supplied header when a redirect changes origin (another port), through an agent', async () => {
    const other = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.headers));
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherPort = (other.address() as { port: number }).port;
    try {
      const kit = httpToolkit({
        allowedHosts: ['127.0.0.1'],
        headers: { 'X-Api-Key': 'key-for-the-first-origin', Authorization: 'Bearer first' },
      });
      const to = encodeURIComponent(`http://127.0.0.1:${otherPort}/anything`);
      const { seen } = await runCalls(
        [kit],
        [
          {
            name: 'http_get',
            args: { url: `${base()}/redirect-to?to=${to}`, headers: [{ name: 'x-model', value: 'm' }] },
          },
          {
            name: 'http_get',
            args: { url: `${base()}/redirect-ok-headers`, headers: [{ name: 'x-model', value: 'm' }] },
          },
        ],
      );
      const moved = JSON.parse(seen[0]!.content as string) as HttpResult;
      expect(moved.url).toBe(`http://127.0.0.1:${otherPort}/anything`);
      const sent = moved.body as Record<string, string>;
      expect(sent['x-api-key']).toBeUndefined();
      expect(sent.authorization).toBeUndefined();
      expect(sent['x-model']).toBeUndefined();
      // The same origin keeps them.
      const kept = (JSON.parse(seen[1]!.content as string) as HttpResult).body as Record<string, string>;
      expect(kept).toMatchObject({ 'x-api-key': 'key-for-the-first-origin', 'x-model': 'm' });
    } finally {
      other.closeAllConnections();
      await new Promise((r) => other.close(r));
    }
  });

  it('keeps the content type (only) of a body that follows a 307 to another origin', async () => {
    const { post } = await toolsOf({
      allowedHosts: ['127.0.0.1', 'localhost'],
      headers: { 'x-api-key': 'k' },
    });
    const to = encodeURIComponent(`http://localhost:${port}/echo-all`);
    const echoed = (await post(`${base()}/redirect-to?to=${to}&status=307`, '{"a":1}')).body as {
      method: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echoed.method).toBe('POST');
    expect(echoed.body).toBe('{"a":1}');
    expect(echoed.headers['content-type']).toBe('application/json');
    expect(echoed.headers['x-api-key']).toBeUndefined();
  });

  it('cuts bodies at maxResponseBytes and describes binary bodies', async () => {
    const { get } = await toolsOf({ maxResponseBytes: 100 });
    const big = await get(`${base()}/big`);
    expect(big.truncated).toBe(true);
    expect(big.body).toBe('x'.repeat(100));
    expect((await get(`${base()}/binary`)).body).toBe(
      '[binary content of type image/png, 7 bytes: not shown]',
    );
  });

  it('gives up on a server that does not answer: a timeout error for the model, and the run goes on', async () => {
    const kit = httpToolkit({ allowedHosts: ['127.0.0.1'], timeoutMs: 150 });
    const { result, seen } = await runCalls([kit], [{ name: 'http_get', args: { url: `${base()}/slow` } }]);
    expect(result.text).toBe('done');
    expect(seen[0]!.isError).toBe(true);
    expect(seen[0]!.content).toMatch(/timed out after 150 ms|took longer than 150 ms/);
  });

  it('leaves http_post out when asked, and needs an allowlist', async () => {
    const { tools } = await toolsOf({ allowPost: false });
    expect(tools.map((t) => t.name)).toEqual(['http_get']);
    let error: unknown;
    try {
      httpToolkit({ allowedHosts: [] });
    } catch (e) {
      error = e;
    }
    expect(isAgnoError(error, 'config_error')).toBe(true);
  });

  it('supports wildcard and port rules', async () => {
    const { get } = await toolsOf({ allowedHosts: [`127.0.0.1:${port + 1}`] });
    await expect(get(`${base()}/json`)).rejects.toThrow(/is not allowed/);
    // example.com is outside the machine: a fetch stand-in records what would go out
    const sent: string[] = [];
    const fetchStub = (async (url: URL) => {
      sent.push(url.href);
      return new Response('{"ok":1}', { headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const wild = await toolsOf({ allowedHosts: ['*.example.com'], fetch: fetchStub });
    expect((await wild.get('https://api.example.com/v1')).body).toEqual({ ok: 1 });
    expect((await wild.get('https://A.B.Example.COM./x')).status).toBe(200);
    await expect(wild.get('https://example.com/')).rejects.toThrow(/is not allowed/);
    await expect(wild.get('https://evil-example.com/')).rejects.toThrow(/is not allowed/);
    expect(sent).toEqual(['https://api.example.com/v1', 'https://a.b.example.com./x']);
  });
});
