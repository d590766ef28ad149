import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchmarksDir } from './files.js';
import { measureEntry, summarise, workspaceEntries } from './imports.js';

const root = mkdtempSync(join(tmpdir(), 'agno-imports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

// A workspace of three packages: a public one with three entries, a wrapper of a client, a private one.
write(
  'packages/small/package.json',
  JSON.stringify({
    name: '@x/small',
    type: 'module',
    exports: {
      '.': { '@agno/source': './src/index.ts', types: './dist/index.d.ts', import: './dist/index.js' },
      './heavy': './dist/heavy.js',
      './testing': { import: './dist/testing.js' },
      './package.json': './package.json',
    },
  }),
);
write('packages/small/dist/index.js', 'export const small = 1;\n');
// Retains about 8 MB: 200,000 objects kept by the module.
write(
  'packages/small/dist/heavy.js',
  'export const kept = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `n${i}` }));\n',
);
write('packages/small/dist/testing.js', 'export {};\n');
write(
  'packages/models-fake/package.json',
  JSON.stringify({ name: '@x/models-fake', type: 'module', exports: { '.': './dist/index.js' } }),
);
write('packages/models-fake/dist/index.js', "export * from 'fake-client';\n");
write(
  'packages/models-fake/node_modules/fake-client/package.json',
  JSON.stringify({ name: 'fake-client', type: 'module', exports: './index.js' }),
);
write('packages/models-fake/node_modules/fake-client/index.js', 'export const client = {};\n');
write('packages/private/package.json', JSON.stringify({ name: '@x/private', private: true, exports: {} }));

describe('workspaceEntries', () => {
  it('lists every public entry of the published packages with its built file', () => {
    const entries = workspaceEntries(root);
    expect(entries.map((e) => [e.name, e.specifier, e.kind])).toEqual([
      ['models-fake', '@x/models-fake', 'main'],
      ['small', '@x/small', 'main'],
      ['small/heavy', '@x/small/heavy', 'main'],
      ['small/testing', '@x/small/testing', 'testing'],
    ]);
    expect(entries[1]!.file).toBe(join(root, 'packages/small/dist/index.js'));
  });

  it('finds the entries of this workspace, with the clients they wrap and zod first', () => {
    const entries = workspaceEntries(join(benchmarksDir, '..'));
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get('tools')?.preload).toEqual(['zod']);
    expect(byName.get('models-openai')?.client?.name).toBe('openai');
    expect(byName.get('tools')?.client).toBeUndefined();
    expect(byName.get('tools/mcp')?.client?.imports).toContain('@modelcontextprotocol/sdk/client/index.js');
    expect(byName.get('models-ollama')?.client?.dir).toBe(
      join(benchmarksDir, '..', 'packages', 'models-openai'),
    );
    expect(byName.get('core/testing')?.preload).toContain('vitest');
    expect(byName.has('test-utils')).toBe(false);
    expect(entries.some((e) => e.name.endsWith('package.json'))).toBe(false);
  });
});

describe('measureEntry', () => {
  const entries = new Map(workspaceEntries(root).map((e) => [e.name, e]));

  it('measures time and retained heap in fresh processes', async () => {
    const light = await measureEntry(entries.get('small')!, 2);
    const heavy = await measureEntry(entries.get('small/heavy')!, 2);
    expect(light.entry).toHaveLength(2);
    expect(light.client).toBeUndefined();
    expect(summarise(light.entry, 'ns').value).toBeGreaterThan(0);
    expect(summarise(heavy.entry, 'heap').value).toBeGreaterThan(5_000_000);
    expect(summarise(light.entry, 'heap').value).toBeLessThan(1_000_000);
  });

  it('measures the wrapped client alone, as many times', async () => {
    const fake = entries.get('models-fake')!;
    const entry = { ...fake, client: { name: 'fake-client', imports: ['fake-client'], dir: fake.dir } };
    const m = await measureEntry(entry, 3);
    expect(m.entry).toHaveLength(3);
    expect(m.client).toHaveLength(3);
  });

  it('fails with the process error when the built file is missing', async () => {
    const entry = { ...entries.get('small')!, file: join(root, 'packages/small/dist/none.js') };
    await expect(measureEntry(entry, 1)).rejects.toThrow(/fresh process exited with 1: .*none\.js/s);
  });
});

describe('the imports suite', () => {
  it("carries the issue's budgets: core 20 ms, other entries 30 ms, a wrapper its client + 15 ms", async () => {
    const { budgets } = await import('../suites/imports.bench.js');
    const ms = 1_000_000;
    expect(budgets['imports/core/time']?.maxNs).toBe(20 * ms);
    expect(budgets['imports/tools/time']?.maxNs).toBe(30 * ms);
    expect(budgets['imports/workflow/time']?.maxNs).toBe(30 * ms);
    expect(budgets['imports/models-openai/time']?.maxNs).toBeUndefined();
    expect(budgets['imports/models-openai/over-client']?.maxNs).toBe(15 * ms);
    expect(budgets['imports/queue-bullmq/over-client']?.maxNs).toBe(15 * ms);
  });
});
