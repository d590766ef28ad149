/** The bundled size of an entry: peers left out, own dependencies in, minified and gzipped. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSize, entryBundleSize, modulesBundleSize, peersOf } from './bundles.js';

const root = mkdtempSync(join(tmpdir(), 'agno-bundles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

// A package whose entry imports a peer (left out) and a dependency of its own (bundled in).
const big = `const table = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `row number ${i}`))};\n`;
write(
  'pkg/package.json',
  JSON.stringify({
    name: 'pkg',
    type: 'module',
    peerDependencies: { peer: '*' },
    dependencies: { dep: '*' },
  }),
);
write(
  'pkg/dist/index.js',
  "import { readFileSync } from 'node:fs';\nimport { peer } from 'peer';\nimport { dep } from 'dep';\nexport const run = () => [peer, dep, readFileSync];\n",
);
write(
  'pkg/node_modules/peer/package.json',
  JSON.stringify({ name: 'peer', type: 'module', exports: './index.js' }),
);
write('pkg/node_modules/peer/index.js', `${big}export const peer = table.join();\n`);
write(
  'pkg/node_modules/dep/package.json',
  JSON.stringify({ name: 'dep', type: 'module', exports: './index.js' }),
);
write('pkg/node_modules/dep/index.js', 'export const dep = 2;\n');

describe('entryBundleSize', () => {
  it('reads the peers from the package manifest', () => {
    expect(peersOf(join(root, 'pkg'))).toEqual(['peer']);
  });

  it('bundles the entry with its own dependencies but not its peers or Node built-ins', async () => {
    const size = await entryBundleSize(join(root, 'pkg/dist/index.js'), join(root, 'pkg'));
    expect(size.inputs).toBe(3); // stdin, the entry, dep
    expect(size.minified).toBeLessThan(400);
    expect(size.gzip).toBeGreaterThan(0);
    // The same entry with the peer bundled in carries the peer's table.
    const withPeer = await bundleSize(
      `export * from ${JSON.stringify(join(root, 'pkg/dist/index.js'))};`,
      join(root, 'pkg'),
      [],
    );
    expect(withPeer.minified).toBeGreaterThan(size.minified + 20_000);
    expect(withPeer.gzip).toBeLessThan(withPeer.minified);
  });

  it('fails on an entry that does not resolve, naming it', async () => {
    await expect(entryBundleSize(join(root, 'pkg/dist/none.js'), join(root, 'pkg'))).rejects.toThrow(
      /none\.js is not built: run `pnpm build` first/,
    );
  });
});

describe('modulesBundleSize', () => {
  it('bundles modules alone, as a client library is measured beside the entry that wraps it', async () => {
    const dep = await modulesBundleSize(['dep'], join(root, 'pkg'));
    const entry = await entryBundleSize(join(root, 'pkg/dist/index.js'), join(root, 'pkg'));
    expect(dep.inputs).toBe(2);
    expect(dep.minified).toBeLessThan(entry.minified);
  });
});
