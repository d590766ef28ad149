import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  captureOutput,
  describeExampleFiles,
  exampleFiles,
  findBlock,
  PACKAGES_DIR,
  readReadmeBlocks,
  runReadmeExample,
  sourceEntry,
  toSourceImports,
  verbatimMismatches,
} from './index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const blocks = readReadmeBlocks(join(fixtures, 'README.md'));

describe('readmeBlocks', () => {
  it('finds the ts blocks only, with their example names and file comments', () => {
    expect(blocks.map((b) => [b.index, b.attributes.example, b.file])).toEqual([
      [0, 'agent', undefined],
      [1, undefined, undefined],
      [2, undefined, 'examples/hello.ts'],
    ]);
    expect(blocks.some((b) => b.code.includes('notRun'))).toBe(false);
    expect(findBlock(blocks, 'agent').index).toBe(0);
    expect(findBlock(blocks, "Error('example failed')").index).toBe(1);
    expect(() => findBlock(blocks, 'nowhere')).toThrow(/no README examples match "nowhere"/);
    expect(() => findBlock(blocks, 'export const')).toThrow(/2 README examples match/);
  });
});

describe('toSourceImports', () => {
  it('points workspace entries at their sources and leaves other specifiers alone', () => {
    const code = [
      "import { Agent } from '@agno/core';",
      'import { runConformance } from "@agno/core/testing";',
      "import { nope } from '@agno/no-such-package';",
      "import { z } from 'zod';",
    ].join('\n');
    const lines = toSourceImports(code).split('\n');
    expect(lines[0]).toBe(
      `import { Agent } from ${JSON.stringify(join(PACKAGES_DIR, 'core/src/index.ts'))};`,
    );
    expect(lines[1]).toContain(JSON.stringify(join(PACKAGES_DIR, 'core/src/testing/index.ts')));
    expect(lines.slice(2)).toEqual([
      "import { nope } from '@agno/no-such-package';",
      "import { z } from 'zod';",
    ]);
    expect(sourceEntry('core', '/no-such-entry')).toBeUndefined();
  });
});

describe('runReadmeExample', () => {
  it('runs an example against the sources and returns its exports and output', async () => {
    const dir = join(fixtures, '..', '..', '.tmp', 'test-utils-run');
    rmSync(dir, { recursive: true, force: true });
    const run = await runReadmeExample({ block: findBlock(blocks, 'agent'), dir });
    expect(run.result.text).toBe('Hi there.');
    expect(run.logs).toEqual([['Hi there.', { runs: 1 }]]);
    expect(run.out).toBe('Hi there. {"runs":1}\nstreamed\n');
    expect(run.err).toBe('TypeError: not really\n');
    const written = readdirSync(dir).find((f) => f.startsWith('agent-'))!;
    expect(readFileSync(join(dir, written), 'utf8')).not.toContain("'@agno/");
  });

  it('applies the transform before running', async () => {
    const block = { ...blocks[1]!, code: "console.log('A');\n" };
    const run = await runReadmeExample({ block, transform: (code) => code.replace("'A'", "'B'") });
    expect(run.out).toBe('B\n');
    // A second run of the same block runs it again (no module cache).
    const again = await runReadmeExample({ block, transform: (code) => code.replace("'A'", "'C'") });
    expect(again.out).toBe('C\n');
  });

  it("rejects with the example's error and gives the console back", async () => {
    const { log, error } = console;
    await expect(runReadmeExample({ block: blocks[1]! })).rejects.toThrow('example failed');
    expect(console.log).toBe(log);
    expect(console.error).toBe(error);
  });
});

describe('captureOutput', () => {
  it('restores console and stdout after a throw', async () => {
    const write = process.stdout.write;
    await expect(
      captureOutput(() => {
        process.stdout.write('hidden');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(process.stdout.write).toBe(write);
  });
});

describe('verbatimMismatches', () => {
  const files = exampleFiles(join(fixtures, 'examples'));

  it('is empty when the README shows exactly the files', () => {
    expect(files).toEqual({ 'hello.ts': "export const greeting = 'hello';\nconsole.log(greeting);" });
    expect(verbatimMismatches([findBlock(blocks, 'greeting')], files)).toEqual([]);
  });

  it('names a file that drifted and a block that is no file', () => {
    const drifted = { 'hello.ts': "export const greeting = 'hi';" };
    expect(verbatimMismatches([blocks[1]!], drifted)).toEqual([
      'hello.ts is not shown verbatim in the README',
      'README block 2 is not one of the example files',
    ]);
  });
});

// The suite a package registers for README examples kept as files: here over the fixtures.
describeExampleFiles('describeExampleFiles', {
  readme: new URL('./fixtures/examples.md', import.meta.url),
  dir: new URL('./fixtures/examples/', import.meta.url),
  examples: {
    'hello.ts': {
      run: () => import('./fixtures/examples/hello.js'),
      check: ({ result, logs }) => {
        expect((result as { greeting: string }).greeting).toBe('hello');
        expect(logs).toEqual([['hello']]);
      },
    },
  },
});
