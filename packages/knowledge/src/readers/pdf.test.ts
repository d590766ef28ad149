import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPdf } from '../fixtures/pdf-builder.js';
import { readPdf } from './pdf.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/docs/${name}`, import.meta.url));

describe('readPdf', () => {
  it('reads the text of every page, titled by the PDF title, with the page count', async () => {
    const [doc] = await readPdf({ source: 'orion-manual.pdf', data: fixture('orion-manual.pdf') });
    expect(doc!.title).toBe('Orion Home Battery - Installation Manual');
    expect(doc!.metadata).toEqual({ type: 'pdf', fileName: 'orion-manual.pdf', pages: 3 });
    expect(doc!.content).toContain('The battery weighs 118 kilograms');
    expect(doc!.content).toContain('The main breaker must be rated at 32 amperes.');
    expect(doc!.content).toContain('The reset code for the service menu is ORN-7731.');
    expect(doc!.content.indexOf('Chapter 1')).toBeLessThan(doc!.content.indexOf('Chapter 3'));
  });

  it('splits by page with the page number in the source and metadata', async () => {
    const docs = await readPdf({ source: 'm.pdf', data: fixture('orion-manual.pdf') }, { split: 'page' });
    expect(docs.map((d) => [d.source, d.metadata!.page, d.metadata!.pages])).toEqual([
      ['m.pdf#page=1', 1, 3],
      ['m.pdf#page=2', 2, 3],
      ['m.pdf#page=3', 3, 3],
    ]);
    expect(docs[1]!.content.startsWith('Chapter 2. Wiring')).toBe(true);
  });

  it("leaves the caller's bytes untouched", async () => {
    const data = new Uint8Array(fixture('orion-manual.pdf'));
    const copy = data.slice();
    await readPdf({ source: 'm.pdf', data });
    expect(data.byteLength).toBe(copy.byteLength);
    expect(Buffer.from(data).equals(Buffer.from(copy))).toBe(true);
  });

  it('refuses a corrupt PDF, an empty file, a PDF without text and a string', async () => {
    await expect(
      readPdf({ source: 'bad/corrupt.pdf', data: fixture('bad/corrupt.pdf') }),
    ).rejects.toMatchObject({
      code: 'reader_error',
      source: 'bad/corrupt.pdf',
      details: { reason: 'corrupt' },
    });
    await expect(readPdf({ source: 'z.pdf', data: new Uint8Array(0) })).rejects.toMatchObject({
      details: { reason: 'empty' },
    });
    await expect(readPdf({ source: 'blank.pdf', data: buildPdf([[], []]) })).rejects.toThrow(
      'blank.pdf: has no text (a scanned PDF needs OCR first)',
    );
    await expect(readPdf({ source: 's.pdf', data: '%PDF-1.4' })).rejects.toMatchObject({
      details: { reason: 'corrupt' },
    });
  });
});
