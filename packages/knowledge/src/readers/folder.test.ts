import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReaderError } from '../errors.js';
import { readFolder } from './folder.js';

const docs = fileURLToPath(new URL('../fixtures/docs/', import.meta.url));
const outside = mkdtempSync(join(tmpdir(), 'agno-knowledge-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('readFolder', () => {
  it('reads every supported file with sources relative to the folder, reporting the bad ones', async () => {
    const { documents, failures } = await readFolder(docs);
    const sources = [...new Set(documents.map((d) => d.source.replace(/#.*$/, '')))];
    expect(sources).toEqual([
      'faq.json',
      'guides/onboarding.md',
      'orion-manual.pdf',
      'price-list.csv',
      'support.html',
      'warranty.md',
      'zephyr-release.md',
    ]);
    expect(failures.map((f) => [f.source, f.error.details?.reason])).toEqual([
      ['bad/corrupt.pdf', 'corrupt'],
      ['bad/empty.md', 'empty'],
    ]);
    expect(failures[0]!.error).toBeInstanceOf(ReaderError);
    expect((failures[0]!.error as ReaderError).source).toBe('bad/corrupt.pdf');
    const pdf = documents.find((d) => d.source === 'orion-manual.pdf')!;
    expect(pdf.content).toContain('ORN-7731');
  });

  it('applies include and ignore patterns', async () => {
    const md = await readFolder(docs, { include: ['**/*.md'], ignore: ['bad/**'] });
    expect(md.documents.map((d) => d.source)).toEqual([
      'guides/onboarding.md',
      'warranty.md',
      'zephyr-release.md',
    ]);
    expect(md.failures).toEqual([]);
  });

  it('stops at the first failure with failFast', async () => {
    await expect(readFolder(docs, { failFast: true, concurrency: 1 })).rejects.toMatchObject({
      code: 'reader_error',
      source: 'bad/corrupt.pdf',
    });
  });

  it('does not follow symbolic links out of the folder, and skips dotfiles unless asked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'agno-knowledge-folder-'));
    try {
      cpSync(join(docs, 'warranty.md'), join(root, 'warranty.md'));
      writeFileSync(join(outside, 'secret.md'), '# Secret\n\nthe vault code is 0000');
      symlinkSync(outside, join(root, 'linked'));
      symlinkSync(join(outside, 'secret.md'), join(root, 'secret-link.md'));
      writeFileSync(join(root, '.hidden.md'), '# Hidden\n\ntext');
      const { documents } = await readFolder(root);
      expect(documents.map((d) => d.source)).toEqual(['warranty.md']);
      const dot = await readFolder(root, { dot: true });
      expect(dot.documents.map((d) => d.source)).toEqual(['.hidden.md', 'warranty.md']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a missing folder and stops when its signal aborts', async () => {
    await expect(readFolder(join(docs, 'missing'))).rejects.toMatchObject({
      details: { reason: 'not_found' },
    });
    await expect(readFolder(join(docs, 'warranty.md'))).rejects.toThrow('is not a folder');
    const controller = new AbortController();
    controller.abort();
    await expect(readFolder(docs, { signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
  });
});
