/** Runs the README's vector store example. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'agno-knowledge-readme-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('README: vector stores, the same answers from memory, SQLite and LanceDB', async () => {
  const block = findBlock(readReadmeBlocks(new URL('../../README.md', import.meta.url)), 'vector-stores');
  const { out } = await runReadmeExample({
    block,
    transform: (code) =>
      code
        .replace("'chunks.db'", JSON.stringify(join(dir, 'chunks.db')))
        .replace("'lance-data'", JSON.stringify(join(dir, 'lance'))),
  });
  expect(out.trim().split('\n')).toEqual(Array(3).fill('setup 1.00, tarifs 0.00 billing'));
}, 60_000);
