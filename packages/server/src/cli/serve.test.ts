/**
 * `agno-server` as a user runs it: a real child process serving an app module on loopback, drained
 * on SIGTERM, and clear failures for bad usage, missing files and bad exports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type CliBuild } from '../fixtures/cli/build.js';
import { nodeRunsTypeScript } from './load-app.js';

interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(bin: string, args: string[], cwd: string): Child {
  const proc = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, stdout: () => out, stderr: () => err, exited };
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const listeningUrl = (child: Child) => /^listening on (http:\/\/\S+)$/m.exec(child.stdout())?.[1];

describe('agno-server', () => {
  let cli: CliBuild;
  let scratch: string;
  const children: Child[] = [];
  const start = (args: string[]) => {
    const child = run(cli.bin, args, scratch);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    cli = await buildCli();
    scratch = join(cli.dir, 'scratch');
    mkdirSync(scratch, { recursive: true });
  });
  afterAll(() => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    rmSync(cli.dir, { recursive: true, force: true });
  });

  it('serves the default export, prints one line, and on SIGTERM lets the run in flight finish, then exits 0', async () => {
    const child = start([cli.slowApp, '--port', '0']);
    const url = await until(() => listeningUrl(child), 'the listening line');
    expect(child.stdout()).toBe(`listening on ${url}\n`);

    const response = fetch(`${url}/agents/slow/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'take your time' }),
    });
    await until(async () => {
      const ready = (await (await fetch(`${url}/ready`)).json()) as { running: number };
      return ready.running === 1 ? true : undefined;
    }, 'the run to be in flight');

    child.proc.kill('SIGTERM');
    const res = await response;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toBe('finished after the delay');
    expect(await child.exited).toBe(0);
    // the signal came while the run was in flight, and the server took no new connection after
    expect(child.stderr()).toContain('SIGTERM: shutting down (runs in flight: 1)');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('creates the server from ServerOptions exported as "server", on the port asked for', async () => {
    const child = start([cli.optionsApp, '--port', '0', '--host', '127.0.0.1', '--shutdown-timeout', '1000']);
    const url = await until(() => listeningUrl(child), 'the listening line');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/agents/echo/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'hi' }),
    });
    expect(((await res.json()) as { text: string }).text).toBe('hello from options');
    child.proc.kill('SIGINT');
    expect(await child.exited).toBe(0);
  });

  it('prints its usage with --help and exits 0', async () => {
    const child = start(['--help']);
    expect(await child.exited).toBe(0);
    expect(child.stdout()).toContain('usage: agno-server <app> [options]');
    expect(child.stdout()).toContain('--shutdown-timeout');
  });

  it('exits 2 with the usage for bad arguments', async () => {
    const noApp = start([]);
    const badPort = start([cli.slowApp, '--port', 'eighty']);
    const unknown = start([cli.slowApp, '--verbose']);
    expect(await noApp.exited).toBe(2);
    expect(noApp.stderr()).toContain('agno-server: name the app module to serve');
    expect(await badPort.exited).toBe(2);
    expect(badPort.stderr()).toContain('--port must be a whole number from 0 to 65535, got "eighty"');
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toContain("Unknown option '--verbose'");
    for (const c of [noApp, badPort, unknown]) expect(c.stderr()).toContain('usage: agno-server');
  });

  it('exits 1 with a clear message for a missing file and for exports that are not a server', async () => {
    writeFileSync(join(scratch, 'number.mjs'), 'export default 42;\n');
    writeFileSync(join(scratch, 'nothing.mjs'), 'export const other = {};\n');
    writeFileSync(join(scratch, 'stray.mjs'), 'export default { port: 3000 };\n');
    writeFileSync(join(scratch, 'broken.mjs'), 'export default {\n');
    const cases: Array<[string, string]> = [
      ['missing.mjs', `no such file: ${join(scratch, 'missing.mjs')}`],
      ['number.mjs', 'the default export of number.mjs is a number, not an AgnoServer or ServerOptions'],
      ['nothing.mjs', 'nothing.mjs has no default export and no "server" export'],
      ['stray.mjs', 'the default export of stray.mjs is an object with keys port, not an AgnoServer'],
      ['broken.mjs', 'cannot load broken.mjs: '],
    ];
    const runs = cases.map(([file]) => start([file, '--port', '0']));
    for (const [i, child] of runs.entries()) {
      expect(await child.exited).toBe(1);
      expect(child.stderr()).toContain(`agno-server: ${cases[i]![1]}`);
      expect(child.stdout()).toBe('');
    }
  });

  it('runs a .ts app only where Node strips types, and otherwise says how to', async () => {
    writeFileSync(
      join(scratch, 'typed.ts'),
      `export { server } from '../options-app.mjs';\nexport const typed: number = 1;\n`,
    );
    const child = start(['typed.ts', '--port', '0']);
    if (nodeRunsTypeScript()) {
      const url = await until(() => listeningUrl(child), 'the listening line');
      expect((await fetch(`${url}/health`)).status).toBe(200);
      child.proc.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    } else {
      expect(await child.exited).toBe(1);
      expect(child.stderr()).toContain(
        `typed.ts is TypeScript and this Node (${process.version}) does not run TypeScript: use Node >= 22.6 with --experimental-strip-types`,
      );
    }
  });
});
