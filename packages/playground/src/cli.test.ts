/**
 * `agno dev` as a user runs it: a child process serving an app module with the playground page
 * on loopback, prices from a file, a clean exit on SIGTERM, and clear failures for bad usage,
 * a missing app and a bad price table.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@agno/server/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type CliBuild } from './fixtures/cli-build.js';

interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

describe('agno dev', () => {
  let cli: CliBuild;
  const children: Child[] = [];
  const run = (args: string[]): Child => {
    const proc = spawn(process.execPath, [cli.bin, ...args], {
      cwd: cli.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
    proc.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const child = { proc, stdout: () => out, stderr: () => err, exited };
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    cli = await buildCli();
  });
  afterAll(() => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    rmSync(cli.dir, { recursive: true, force: true });
  });

  it('serves the app with the playground on 127.0.0.1, prints the URL, and exits 0 on SIGTERM', async () => {
    writeFileSync(
      join(cli.dir, 'prices.json'),
      JSON.stringify({ 'mock:scripted': { input: 0.5, output: 1.5 } }),
    );
    const child = run(['dev', 'dev-app.mjs', '--port', '0', '--prices', 'prices.json']);
    await expect
      .poll(() => /^playground on (http:\/\/127\.0\.0\.1:\d+\/playground\/)$/m.exec(child.stdout())?.[1], {
        timeout: 15_000,
      })
      .toBeDefined();
    const url = /^playground on (\S+)$/m.exec(child.stdout())![1]!;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>agno playground</title>');
    expect(html).toContain('{"prices":{"mock:scripted":{"input":0.5,"output":1.5}}}');
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await fetch(`${url}${asset}`)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    const api = /^API on (\S+)$/m.exec(child.stdout())![1]!;
    const answer = await createClient({ baseUrl: api }).agents.run('echo', 'hi');
    expect(answer.text).toBe('Hello from agno dev.');
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('fails clearly: bad usage exits 2, a missing app or a bad price table exits 1', async () => {
    const usage = run(['serve', 'dev-app.mjs']);
    expect(await usage.exited).toBe(2);
    expect(usage.stderr()).toContain('unknown command "serve"');
    expect(usage.stderr()).toContain('usage: agno dev <app>');

    const missing = run(['dev', 'nope.mjs', '--port', '0']);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain('no such file');

    writeFileSync(join(cli.dir, 'bad-prices.json'), JSON.stringify({ 'mock:scripted': { input: 'cheap' } }));
    const prices = run(['dev', 'dev-app.mjs', '--port', '0', '--prices', 'bad-prices.json']);
    expect(await prices.exited).toBe(1);
    expect(prices.stderr()).toContain('the price of "mock:scripted" must be { input, output, cachedInput? }');
  });
});
