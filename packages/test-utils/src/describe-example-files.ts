/** The vitest suite of a README whose examples are files of the package, shown verbatim. */
import { describe, expect, it } from 'vitest';
import { type CapturedOutput, captureOutput } from './capture-output.js';
import { exampleFiles, verbatimMismatches } from './example-files.js';
import { readReadmeBlocks } from './readme-blocks.js';

/** One example file: how to run it, and what it must have done. */
export interface ExampleFile {
  /** Imports the file (a static path, so vitest compiles it: `() => import('./fixtures/readme/cache.js')`). */
  run: () => Promise<unknown>;
  /** Asserts on what the run returned and printed (what the example's comments promise the reader). */
  check?: (output: CapturedOutput<unknown>) => void;
  /** Why the example cannot run here (a missing service); the test is then skipped with this reason. */
  skip?: string | undefined;
}

/** Options of {@link describeExampleFiles}. */
export interface DescribeExampleFilesOptions {
  /** The README (`new URL('../README.md', import.meta.url)`). */
  readme: string | URL;
  /** The folder of the example files. */
  dir: string | URL;
  /** Every `.ts` file of `dir`, by file name. */
  examples: Record<string, ExampleFile>;
}

/**
 * Registers the README tests of a package whose ```` ```ts ```` blocks are the `.ts` files of a
 * folder: one test that the blocks and the files are the same texts and that every file has
 * an entry in `examples`, then one test per file that runs it with its output captured and
 * calls its `check`.
 */
export function describeExampleFiles(title: string, options: DescribeExampleFilesOptions): void {
  describe(title, () => {
    it('are exactly the example files, all of them', () => {
      const files = exampleFiles(options.dir);
      expect(verbatimMismatches(readReadmeBlocks(options.readme), files)).toEqual([]);
      expect(Object.keys(options.examples).sort()).toEqual(Object.keys(files));
    });

    for (const [name, example] of Object.entries(options.examples)) {
      const skip = example.skip === undefined ? '' : ` (skipped: ${example.skip})`;
      it.skipIf(skip !== '')(`${name} runs and prints what it says${skip}`, async () => {
        const output = await captureOutput(example.run);
        example.check?.(output);
      });
    }
  });
}
