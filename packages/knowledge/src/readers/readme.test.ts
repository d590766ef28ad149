/** Runs the README's reader examples (`example=readers`, `example=read-url`) against the fixtures and a local server. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../../README.md', import.meta.url));
const docs = fileURLToPath(new URL('../fixtures/docs', import.meta.url));
let server: Server;
let host: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(new URL('../fixtures/docs/support.html', import.meta.url)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('README: readers', () => {
  it('reads a Markdown text and a folder, listing the files it skipped', async () => {
    const { out } = await runReadmeExample({
      block: findBlock(blocks, 'readers'),
      transform: (code) => code.replace("'./docs'", JSON.stringify(docs)),
    });
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('Release notes {"type":"markdown","fileName":"notes.md"}');
    expect(lines[1]).toMatch(/^\d+ documents$/);
    expect(Number(lines[1]!.split(' ')[0])).toBeGreaterThan(8); // the PDF split into pages, the CSV into rows
    expect(lines.slice(2)).toEqual([
      'skipped bad/corrupt.pdf: bad/corrupt.pdf: is not a readable PDF: Invalid PDF structure.',
      'skipped bad/empty.md: bad/empty.md: is empty',
    ]);
  });

  it('reads a URL through the HTTP toolkit allowlist', async () => {
    const { out } = await runReadmeExample({
      block: findBlock(blocks, 'read-url'),
      transform: (code) =>
        code
          .replace('https://docs.example.com/support', `http://${host}/support`)
          .replace("'docs.example.com'", `'${host}'`),
    });
    expect(out.trim()).toBe('Contacting support | Aurora Help Centre text/html; charset=utf-8');
  });
});
