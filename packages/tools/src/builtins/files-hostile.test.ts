/**
 * The files toolkit against a hostile root: real FIFOs, hard links to files outside, symbolic
 * links swapped in while a search walks, huge writes, a root that appears late, and errors
 * that must not show host paths. Driven through the tools and through an Agent.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { link, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAgnoError, type Tool } from '@agno/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCalls, toolContext } from '../fixtures/agent.js';
import { type FilesToolkitOptions, filesToolkit } from './index.js';

let base: string;
let root: string;
let outside: string;
const SECRET = 'needle TOP SECRET\n';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'agno-files-hostile-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(root, 'a.txt'), 'needle in a\n');
  await writeFile(join(outside, 'secret.txt'), SECRET);
  execFileSync('mkfifo', [join(root, 'pipe'), join(root, 'pipe2')]);
  await link(join(outside, 'secret.txt'), join(root, 'hard.txt'));
  await symlink('loop', join(root, 'loop'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function kit(options: Partial<FilesToolkitOptions> = {}) {
  const tools = await filesToolkit({ root, ...options }).tools();
  const run = (name: string, args: object, signal?: AbortSignal) =>
    Promise.resolve((tools.find((t) => t.name === name) as Tool).execute(args, toolContext(signal)));
  type Found = { matches: { path: string; text: string }[]; truncated?: true; stoppedBy?: string };
  return {
    read: (path: string) => run('read_file', { path }) as Promise<string>,
    write: (path: string, content: string, append = false) => run('write_file', { path, content, append }),
    list: (path: string) => run('list_files', { path, recursive: false }),
    search: (query: string, path = '.', signal?: AbortSignal) =>
      run('search_files', { query, path, caseSensitive: false }, signal) as Promise<Found>,
  };
}

/** The message of a rejection (fails the test when the promise resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: Error) => error,
  );
}

describe('filesToolkit on FIFOs and other special files', () => {
  it('refuses to read or write a FIFO without opening it, so calls never block', async () => {
    const f = await kit();
    const read = await failure(f.read('pipe'));
    expect(read.message).toBe('"pipe" is not a regular file or folder');
    expect(isAgnoError(read, 'bad_request')).toBe(true);
    expect((await failure(f.write('pipe', 'x'))).message).toBe('"pipe" is not a regular file or folder');
  });

  it('through an agent without tool timeouts: five FIFO reads in one turn fail, a later read works', async () => {
    const paths = ['pipe', './pipe', 'pipe2', './pipe2', './/pipe'];
    const calls = paths.map((path, n) => ({ id: `p${n}`, name: 'read_file', args: { path } }));
    const { result, seen } = await runCalls(
      [filesToolkit({ root })],
      [...calls, { id: 'ok', name: 'read_file', args: { path: 'a.txt' } }],
    );
    expect(result.text).toBe('done');
    expect(seen.slice(0, 5).map((m) => m.content)).toEqual(
      paths.map((path) => `"${path}" is not a regular file or folder`),
    );
    expect(seen[5]!.content).toBe('needle in a\n');
  });

  it('search skips FIFOs', async () => {
    const f = await kit();
    expect((await f.search('needle')).matches.map((m) => m.path)).toEqual(['a.txt']);
  });
});

describe('filesToolkit on hard links', () => {
  it('refuses to read or overwrite a file with another hard link, and the file outside is unchanged', async () => {
    const f = await kit();
    expect((await failure(f.read('hard.txt'))).message).toBe(
      '"hard.txt" has more than one hard link; it is refused',
    );
    expect((await failure(f.write('hard.txt', 'pwned'))).message).toBe(
      '"hard.txt" has more than one hard link; it is refused',
    );
    await failure(f.write('hard.txt', 'pwned', true));
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
    expect((await f.search('secret')).matches).toEqual([]);
  });

  it('reads hard-linked files when allowHardLinks is set', async () => {
    const f = await kit({ allowHardLinks: true, readOnly: true });
    expect(await f.read('hard.txt')).toBe(SECRET);
  });
});

describe('filesToolkit writes', () => {
  it('refuses a write over maxWriteBytes before creating anything', async () => {
    const f = await kit({ maxWriteBytes: 10 });
    expect(await f.write('small/ok.txt', '0123456789')).toEqual({ path: 'small/ok.txt', bytes: 10 });
    const error = await failure(f.write('big/too.txt', '01234567890'));
    expect(error.message).toBe('the content has 11 bytes; at most 10 can be written at once');
    expect(isAgnoError(error, 'validation_error')).toBe(true);
    await expect(stat(join(root, 'big'))).rejects.toThrow();
  });

  it('has a default cap of 10 MB', async () => {
    const f = await kit();
    expect((await failure(f.write('huge.txt', 'x'.repeat(10_000_001)))).message).toBe(
      'the content has 10000001 bytes; at most 10000000 can be written at once',
    );
  });
});

describe('filesToolkit roots and messages', () => {
  it('works with a root created after the first call failed', async () => {
    const late = join(base, 'late');
    const f = await kit({ root: late });
    const error = await failure(f.read('x.txt'));
    expect(error.message).toBe('the root folder does not exist');
    expect(error.message).not.toContain(base);
    await mkdir(late);
    await writeFile(join(late, 'x.txt'), 'here now');
    expect(await f.read('x.txt')).toBe('here now');
  });

  it('never shows an absolute host path in an error the model reads', async () => {
    const { seen } = await runCalls(
      [filesToolkit({ root })],
      [
        { name: 'read_file', args: { path: 'loop' } },
        { name: 'list_files', args: { path: 'a.txt/deeper', recursive: false } },
        { name: 'write_file', args: { path: 'a.txt/x.txt', content: 'x', append: false } },
        { name: 'write_file', args: { path: 'loop/x.txt', content: 'x', append: false } },
        { name: 'search_files', args: { query: 'x', path: 'loop', caseSensitive: false } },
        { name: 'list_files', args: { path: 'a.txt', recursive: false } },
      ],
    );
    expect(seen).toHaveLength(6);
    for (const message of seen) {
      expect(message.isError).toBe(true);
      expect(message.content).not.toContain(base);
      expect(message.content).not.toMatch(/ENOENT|ENOTDIR|ELOOP|realpath|open '/);
    }
    expect(seen[0]!.content).toBe('"loop" is a symbolic link loop');
    expect(seen[1]!.content).toBe('"a.txt/deeper" does not exist');
  });
});

describe('search_files bounds', () => {
  let many: string;
  beforeAll(async () => {
    many = join(root, 'many');
    await mkdir(many);
    for (let d = 0; d < 20; d++) {
      const dir = join(many, `d${String(d).padStart(2, '0')}`);
      await mkdir(dir);
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          writeFile(join(dir, `f${String(i).padStart(3, '0')}.txt`), `needle ${d}/${i}\n`),
        ),
      );
    }
  });

  it('stops after maxSearchFiles files and says so', async () => {
    const f = await kit({ maxSearchFiles: 50, maxMatches: 10_000 });
    const found = await f.search('needle', 'many');
    expect(found.truncated).toBe(true);
    expect(found.stoppedBy).toBe('files');
    expect(found.matches.length).toBeLessThanOrEqual(50);
    expect(found.matches.length).toBeGreaterThan(0);
  });

  it('stops after maxSearchBytes bytes read and says so', async () => {
    const f = await kit({ maxSearchBytes: 100, maxMatches: 10_000 });
    const found = await f.search('needle', 'many');
    expect(found).toMatchObject({ truncated: true, stoppedBy: 'bytes' });
    expect(found.matches.length).toBeLessThanOrEqual(10); // each file has at least 11 bytes
  });

  it('stops at searchTimeoutMs and says so', async () => {
    const f = await kit({ searchTimeoutMs: 1, maxMatches: 10_000 });
    const found = await f.search('needle', 'many');
    expect(found).toMatchObject({ truncated: true, stoppedBy: 'time' });
    expect(found.matches.length).toBeLessThan(2000);
  });

  it('finds everything when no bound is reached', async () => {
    const f = await kit({ maxMatches: 10_000 });
    const found = await f.search('needle', 'many');
    expect(found.truncated).toBeUndefined();
    expect(found.matches).toHaveLength(2000);
  });

  it('ends with an aborted error as soon as its signal aborts, instead of walking on', async () => {
    const f = await kit({ maxMatches: 10_000 });
    const controller = new AbortController();
    const walking = failure(f.search('needle', 'many', controller.signal));
    setImmediate(() => controller.abort());
    const error = await walking;
    expect(isAgnoError(error, 'aborted')).toBe(true);
    const early = new AbortController();
    early.abort();
    expect(isAgnoError(await failure(f.search('needle', '.', early.signal)), 'aborted')).toBe(true);
  });
});

describe('search_files and symbolic links swapped in during the walk', () => {
  let flipper: ChildProcess | undefined;
  afterEach(() => {
    flipper?.kill('SIGKILL');
    flipper = undefined;
  });

  it('never reads through a folder that becomes a link to the outside', async () => {
    const arena = join(root, 'arena');
    await mkdir(join(arena, 'sub'), { recursive: true });
    // Inside: files with the secret's name but no needle, so a name match alone shows nothing.
    for (let i = 0; i < 30; i++) await writeFile(join(arena, 'sub', `secret${i}.txt`), 'harmless\n');
    const evilTarget = join(base, 'evil');
    await mkdir(evilTarget);
    for (let i = 0; i < 30; i++) await writeFile(join(evilTarget, `secret${i}.txt`), SECRET);
    await symlink(evilTarget, join(arena, 'sub.evil'));
    // Another process flips arena/sub between the real folder and the link, as fast as it can.
    const script = `
      const { renameSync } = require('node:fs');
      const a = ${JSON.stringify(arena)};
      const pause = new Int32Array(new SharedArrayBuffer(4));
      for (;;) {
        try { renameSync(a + '/sub', a + '/sub.real'); renameSync(a + '/sub.evil', a + '/sub'); } catch {}
        Atomics.wait(pause, 0, 0, 0.2);
        try { renameSync(a + '/sub', a + '/sub.evil'); renameSync(a + '/sub.real', a + '/sub'); } catch {}
        Atomics.wait(pause, 0, 0, 0.2);
      }`;
    flipper = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const f = await kit({ maxMatches: 10_000 });
    let searches = 0;
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      const found = await f.search('secret', 'arena').catch(() => ({ matches: [] }));
      searches++;
      expect(found.matches.filter((m) => m.text.includes('TOP SECRET'))).toEqual([]);
    }
    expect(searches).toBeGreaterThan(5);
  }, 20_000);
});
