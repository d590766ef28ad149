/** Runs the README's examples of the knowledge base (chunkers, ingestion, search, agents) on the fixtures. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));
const docs = fileURLToPath(new URL('./fixtures/docs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agno-knowledge-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the block named `name`; returns the lines it printed. */
async function lines(name: string, transform?: (code: string) => string): Promise<string[]> {
  const { out } = await runReadmeExample({ block: findBlock(blocks, name), transform });
  return out.trim().split('\n');
}

describe('README: the knowledge base', () => {
  it('quick start: ingests a folder into SQLite, re-ingests for nothing, answers with a citation', async () => {
    const out = await lines('quick-start', (code) =>
      code
        .replace("'knowledge.db'", JSON.stringify(join(dir, 'quick.db')))
        .replace("'./docs'", JSON.stringify(docs)),
    );
    expect(out).toEqual(['true', '0 0', 'warranty.md true', '[1] Warranty and returns (warranty.md)']);
  });

  it('chunkers', async () => {
    expect(await lines('chunkers')).toEqual(['["Setup > Battery","Setup > Mount"]', '3', '21']);
  });

  it('ingestion: progress, an edit costing its changed chunk, delete', async () => {
    expect(await lines('ingestion')).toEqual(['document faq.md 0', 'batch  2', '2 2', '1 1 1', '2 0']);
  });

  it('search: vector, keyword, hybrid with a filter, a reranker', async () => {
    expect(await lines('search')).toEqual(['orion.md 0.63', 'codes.md', '["zephyr.md"]', 'zephyr.md']);
  });

  it('agents: automatic context and its citations', async () => {
    expect(await lines('agents')).toEqual(['From 08:30 [1].', '[[1,"hours.md",true]]']);
  });
});
