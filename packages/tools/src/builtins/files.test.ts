import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tool } from '@agno/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalls, toolContext } from '../fixtures/agent.js';
import { filesToolkit } from './index.js';

let base: string;
let root: string;
let outside: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'agno-files-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'a.txt'), 'hello world\nsecond line\n');
  await writeFile(join(root, 'sub', 'b.md'), '# Title\nHello again\n');
  await writeFile(join(root, 'bin.dat'), Buffer.from([104, 101, 108, 108, 111, 0, 1, 2]));
  await writeFile(join(outside, 'secret.txt'), 'hello TOP SECRET\n');
  await symlink(join(root, 'a.txt'), join(root, 'link-in'));
  await symlink(join(outside, 'secret.txt'), join(root, 'link-out'));
  await symlink(outside, join(root, 'dir-out'));
  await symlink(join(outside, 'created-through-link.txt'), join(root, 'dangling'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const ctx = toolContext();

async function files(options: { readOnly?: boolean; maxReadBytes?: number } = {}) {
  const tools = await filesToolkit({ root, ...options }).tools();
  const by = (name: string) => tools.find((t) => t.name === name) as Tool;
  const run = (name: string, args: object) => Promise.resolve(by(name).execute(args, ctx));
  return {
    tools,
    read: (path: string) => run('read_file', { path }),
    list: (path = '.', recursive = false) =>
      run('list_files', { path, recursive }) as Promise<{ entries: { path: string; type: string }[] }>,
    write: (path: string, content: string, append = false) => run('write_file', { path, content, append }),
    search: (query: string, path = '.') =>
      run('search_files', { query, path, caseSensitive: false }) as Promise<{
        matches: { path: string; line: number; text: string }[];
      }>,
  };
}

describe('filesToolkit', () => {
  it('reads text files, through links that stay inside', async () => {
    const f = await files();
    expect(await f.read('a.txt')).toBe('hello world\nsecond line\n');
    expect(await f.read('sub/b.md')).toBe('# Title\nHello again\n');
    expect(await f.read('./sub/../a.txt')).toBe('hello world\nsecond line\n');
    expect(await f.read('link-in')).toBe('hello world\nsecond line\n');
  });

  it.each([
    ['../outside/secret.txt', '"../outside/secret.txt" points outside the root folder'],
    ['sub/../../outside/secret.txt', 'points outside the root folder'],
    ['/etc/passwd', '"/etc/passwd" is absolute; give a path relative to the root folder'],
    ['link-out', '"link-out" resolves outside the root folder (through a symbolic link)'],
    ['dir-out/secret.txt', '"dir-out/secret.txt" resolves outside the root folder (through a symbolic link)'],
    ['~/.ssh/id_rsa', 'is absolute'],
  ])('refuses to read %s', async (path, message) => {
    const f = await files();
    await expect(f.read(path)).rejects.toThrow(message);
  });

  it('refuses absolute paths even inside the root, and reports missing files and binary ones', async () => {
    const f = await files();
    await expect(f.read(join(root, 'a.txt'))).rejects.toThrow(/is absolute/);
    await expect(f.read('nope.txt')).rejects.toThrow('"nope.txt" does not exist');
    await expect(f.read('bin.dat')).rejects.toThrow(
      '"bin.dat" is a binary file (8 bytes); only text files can be read',
    );
    await expect(f.read('sub')).rejects.toThrow('"sub" is not a file');
  });

  it('cuts long files at maxReadBytes with a note', async () => {
    const f = await files({ maxReadBytes: 5 });
    expect(await f.read('a.txt')).toBe('hello\n…[cut: the file has 24 bytes, 5 shown]');
  });

  it('lists folders without following symbolic links', async () => {
    const f = await files();
    const top = await f.list();
    expect(top.entries.map((e) => `${e.type} ${e.path}`)).toEqual([
      'file a.txt',
      'file bin.dat',
      'symlink dangling',
      'symlink dir-out',
      'symlink link-in',
      'symlink link-out',
      'dir sub',
    ]);
    const all = await f.list('.', true);
    expect(all.entries.map((e) => e.path)).toContain('sub/b.md');
    expect(all.entries.some((e) => e.path.startsWith('dir-out/'))).toBe(false);
    await expect(f.list('dir-out')).rejects.toThrow(/resolves outside the root folder/);
    await expect(f.list('..')).rejects.toThrow(/points outside the root folder/);
  });

  it('writes and appends inside the root, creating folders', async () => {
    const f = await files();
    expect(await f.write('notes/day/today.md', 'one\n')).toEqual({ path: 'notes/day/today.md', bytes: 4 });
    await f.write('notes/day/today.md', 'two\n', true);
    expect(await readFile(join(root, 'notes', 'day', 'today.md'), 'utf8')).toBe('one\ntwo\n');
    await f.write('link-in', 'hello world\nsecond line\n');
  });

  it.each([
    ['../escape.txt', 'points outside the root folder'],
    ['link-out', '"link-out" is a symbolic link that points outside the root folder'],
    ['dangling', '"dangling" is a symbolic link that points outside the root folder'],
    ['dir-out/new.txt', 'resolves outside the root folder (through a symbolic link)'],
    ['dir-out/deeper/new.txt', 'resolves outside the root folder (through a symbolic link)'],
    ['/tmp/agno-escape.txt', 'is absolute'],
    ['sub', '"sub" is a folder'],
  ])('refuses to write %s, and nothing changes outside', async (path, message) => {
    const f = await files();
    await expect(f.write(path, 'pwned')).rejects.toThrow(message);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('hello TOP SECRET\n');
    expect((await readdir(outside)).sort()).toEqual(['secret.txt']);
    expect((await readdir(base)).sort()).toEqual(['outside', 'root']);
  });

  it('searches file contents, skipping binary files and never following links out', async () => {
    const f = await files();
    const found = await f.search('HELLO');
    expect(found.matches).toEqual([
      { path: 'a.txt', line: 1, text: 'hello world' },
      { path: 'sub/b.md', line: 2, text: 'Hello again' },
    ]);
    expect((await f.search('hello', 'sub')).matches.map((m) => m.path)).toEqual(['sub/b.md']);
    await expect(f.search('secret', 'dir-out')).rejects.toThrow(/resolves outside/);
  });

  it('leaves write_file out when read-only', async () => {
    const f = await files({ readOnly: true });
    expect(f.tools.map((t) => t.name)).toEqual(['read_file', 'list_files', 'search_files']);
  });

  it('refusals reach the model as tool errors and the run goes on', async () => {
    const { result, seen } = await runCalls(
      [filesToolkit({ root })],
      [
        { name: 'read_file', args: { path: '../outside/secret.txt' } },
        { name: 'read_file', args: { path: 'a.txt' } },
      ],
    );
    expect(result.text).toBe('done');
    expect(seen[0]).toMatchObject({
      isError: true,
      content: '"../outside/secret.txt" points outside the root folder',
    });
    expect(seen[1]!.content).toBe('hello world\nsecond line\n');
  });
});
