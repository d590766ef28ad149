import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sourceEntry } from '@agno/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReadUrlOptions, readUrl, type UrlGuard } from './url.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/docs/${name}`, import.meta.url));
let server: Server;
let base: string;
let port: number;
let guard: UrlGuard;
const open = new Set<ServerResponse>();

function route(req: IncomingMessage, res: ServerResponse) {
  const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': type, ...headers });
    res.end(body);
  };
  switch (req.url) {
    case '/help/support':
      return send('text/html; charset=utf-8', fixture('support.html'));
    case '/files/manual':
      return send('application/pdf', fixture('orion-manual.pdf'));
    case '/raw/warranty.md':
      return send('application/octet-stream', fixture('warranty.md'));
    case '/moved':
      res.writeHead(302, { location: '/help/support' });
      return void res.end();
    case '/away':
      res.writeHead(301, { location: 'http://evil.example/steal' });
      return void res.end();
    case '/loop':
      res.writeHead(307, { location: '/loop' });
      return void res.end();
    case '/cross-origin':
      res.writeHead(302, { location: `http://localhost:${port}/echo` });
      return void res.end();
    case '/echo':
      return send('text/plain', `authorization=${req.headers.authorization ?? 'none'}`);
    case '/big':
      return send('text/plain', 'x'.repeat(5000));
    case '/big-chunked':
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
      return void res.end();
    case '/slow':
      open.add(res);
      return; // never answers
    case '/image':
      return send('image/png', Buffer.from([137, 80, 78, 71]));
    case '/down':
      res.writeHead(503);
      return void res.end();
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  // The HTTP toolkit's own client, from the workspace sources.
  const { HttpClient } = (await import(sourceEntry('tools', '/builtins')!)) as {
    HttpClient: new (o: { allowedHosts: string[] }) => UrlGuard;
  };
  guard = new HttpClient({ allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`] });
});

afterAll(async () => {
  for (const res of open) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const read = (path: string, options: Partial<ReadUrlOptions> = {}) =>
  readUrl(`${base}${path}`, { allow: guard, ...options });

describe('readUrl', () => {
  it('reads HTML by its content type, with the URL and content type in the metadata', async () => {
    const [doc] = await read('/help/support');
    expect(doc!.source).toBe(`${base}/help/support`);
    expect(doc!.title).toBe('Contacting support | Aurora Help Centre');
    expect(doc!.content).toContain('within 36 hours');
    expect(doc!.content).not.toContain('Careers');
    expect(doc!.metadata).toMatchObject({
      type: 'html',
      url: `${base}/help/support`,
      contentType: 'text/html; charset=utf-8',
      size: fixture('support.html').byteLength,
    });
  });

  it('reads a PDF as bytes, and falls back to the extension for a generic content type', async () => {
    const [pdf] = await read('/files/manual');
    expect(pdf!.metadata).toMatchObject({ type: 'pdf', pages: 3 });
    expect(pdf!.content).toContain('32 amperes');
    const [md] = await read('/raw/warranty.md');
    expect(md).toMatchObject({
      title: 'Warranty and returns',
      metadata: { type: 'markdown', fileName: 'warranty.md' },
    });
  });

  it('follows allowed redirects and refuses one to a host off the allowlist', async () => {
    const [doc] = await read('/moved', { source: 'support-page' });
    expect(doc!.source).toBe('support-page');
    expect(doc!.metadata!.url).toBe(`${base}/help/support`);
    await expect(read('/away')).rejects.toMatchObject({
      code: 'reader_error',
      details: { reason: 'refused' },
    });
    await expect(read('/away')).rejects.toThrow(/host "evil.example" is not allowed/);
    await expect(read('/loop', { maxRedirects: 2 })).rejects.toThrow('redirected more than 2 times');
  });

  it('refuses URLs off the allowlist, with credentials or of other schemes before fetching', async () => {
    for (const url of ['http://example.com/', `http://user:pw@127.0.0.1:${port}/`, 'file:///etc/passwd']) {
      await expect(readUrl(url, { allow: guard })).rejects.toMatchObject({ details: { reason: 'refused' } });
    }
  });

  it('sends configured headers to the origin only, not across a redirect to another one', async () => {
    const headers = { authorization: 'Bearer origin-only-token' };
    const [same] = await read('/echo', { headers });
    expect(same!.content).toBe('authorization=Bearer origin-only-token');
    const [moved] = await read('/cross-origin', { headers });
    expect(moved!.content).toBe('authorization=none');
  });

  it('refuses bodies over the size limit, announced or streamed', async () => {
    await expect(read('/big', { maxBytes: 1000 })).rejects.toMatchObject({
      details: { reason: 'too_large' },
    });
    await expect(read('/big-chunked', { maxBytes: 2500 })).rejects.toThrow(
      'is larger than the limit of 2500 bytes',
    );
    const [ok] = await read('/big-chunked', { maxBytes: 10_000 });
    expect(ok!.content).toHaveLength(10_000);
  });

  it('ends a read past its deadline, and a cancelled one, with typed errors', async () => {
    await expect(read('/slow', { timeoutMs: 150 })).rejects.toMatchObject({
      code: 'reader_error',
      retryable: true,
      details: { reason: 'timeout' },
    });
    const controller = new AbortController();
    const pending = read('/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('reports HTTP errors, unsupported types and unreachable servers', async () => {
    await expect(read('/nowhere')).rejects.toMatchObject({
      status: 404,
      retryable: false,
      details: { reason: 'unreachable' },
    });
    await expect(read('/down')).rejects.toMatchObject({ status: 503, retryable: true });
    await expect(read('/image')).rejects.toThrow('has an unsupported content type (image/png)');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      readUrl(`http://127.0.0.1:${closedPort}/`, { allow: { check: (u) => new URL(u) } }),
    ).rejects.toMatchObject({ details: { reason: 'unreachable' }, retryable: true });
  });

  it('takes a list of hosts through @agno/tools, or says to install it', async () => {
    const specifier = '@agno/tools/builtins';
    const installed = await import(specifier).then(
      () => true,
      () => false,
    );
    const reading = readUrl(`${base}/help/support`, { allow: [`127.0.0.1:${port}`] });
    if (installed) await expect(reading).resolves.toHaveLength(1);
    else
      await expect(reading).rejects.toMatchObject({
        code: 'config_error',
        details: { package: '@agno/tools' },
      });
    await expect(readUrl(`${base}/`, { allow: undefined as never })).rejects.toMatchObject({
      code: 'config_error',
    });
  });
});
