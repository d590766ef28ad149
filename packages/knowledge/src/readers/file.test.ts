import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from './file.js';
import { kindOfContentType, kindOfPath } from './read-as.js';

const docs = fileURLToPath(new URL('../fixtures/docs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agno-knowledge-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readFile', () => {
  it('reads by extension with the file name, size and modification time in the metadata', async () => {
    const [doc] = await readFile(join(docs, 'warranty.md'));
    expect(doc!.source).toBe(join(docs, 'warranty.md'));
    expect(doc!.metadata).toMatchObject({ type: 'markdown', fileName: 'warranty.md', size: 558 });
    expect(new Date(doc!.metadata!.modifiedAt as string).getTime()).toBeGreaterThan(0);
    const [pdf] = await readFile(join(docs, 'orion-manual.pdf'), { source: 'manual' });
    expect(pdf).toMatchObject({ source: 'manual', metadata: { type: 'pdf', pages: 3 } });
  });

  it('passes per-kind options and reads other extensions as a chosen kind', async () => {
    const rows = await readFile(join(docs, 'price-list.csv'), { csv: { split: 'file' } });
    expect(rows).toHaveLength(1);
    writeFileSync(join(dir, 'notes.rst'), 'Notes\n=====\n\nplain text');
    const [rst] = await readFile(join(dir, 'notes.rst'), { extensions: { rst: 'markdown' } });
    expect(rst!.title).toBe('Notes');
    const [forced] = await readFile(join(dir, 'notes.rst'), { kind: 'text' });
    expect(forced!.metadata!.type).toBe('text');
    writeFileSync(join(dir, 'table.tsv'), 'name\tnote\nA\t"x, y"\n');
    const [tsv] = await readFile(join(dir, 'table.tsv'));
    expect(tsv).toMatchObject({ content: 'name: A\nnote: x, y', metadata: { type: 'csv', row: 1 } });
  });

  it('refuses a missing file, an unsupported type, a folder and a file over the limit', async () => {
    await expect(readFile(join(dir, 'nope.md'))).rejects.toMatchObject({
      code: 'reader_error',
      details: { reason: 'not_found' },
    });
    writeFileSync(join(dir, 'image.png'), new Uint8Array([137, 80, 78, 71]));
    await expect(readFile(join(dir, 'image.png'))).rejects.toMatchObject({
      details: { reason: 'unsupported' },
    });
    mkdirSync(join(dir, 'folder.md'));
    await expect(readFile(join(dir, 'folder.md'))).rejects.toThrow('is not a file');
    await expect(readFile(join(docs, 'warranty.md'), { maxBytes: 100 })).rejects.toThrow(
      'is 558 bytes, over the limit of 100',
    );
  });

  it('follows a symbolic link given by name (a folder read does not)', async () => {
    symlinkSync(join(docs, 'warranty.md'), join(dir, 'link.md'));
    const [doc] = await readFile(join(dir, 'link.md'));
    expect(doc!.content).toContain('27 months');
  });
});

describe('kinds', () => {
  it('by extension, case-insensitively, ignoring queries, and by content type', () => {
    expect(kindOfPath('a/B.PDF')).toBe('pdf');
    expect(kindOfPath('https://x/y/page.html?x=1#top')).toBe('html');
    expect(kindOfPath('a.d/README')).toBeUndefined();
    expect(kindOfPath('.md')).toBeUndefined();
    expect(kindOfContentType('text/html; charset=utf-8')).toBe('html');
    expect(kindOfContentType('application/ld+json')).toBe('json');
    expect(kindOfContentType('application/octet-stream')).toBeUndefined();
  });
});
