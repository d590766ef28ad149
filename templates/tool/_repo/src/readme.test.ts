/** Runs the README's examples as written. */
import { fileURLToPath } from 'node:url';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));
/** The example imports this package by name: point it at the sources. */
const self = (code: string) =>
  code.replaceAll("'__pkg__'", JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url))));

describe('README examples', () => {
  it('quick start', async () => {
    const { logs } = await runReadmeExample({ block: findBlock(blocks, 'quick-start'), transform: self });
    expect(logs).toEqual([[['Hi, Ada.']]]);
  });
});
