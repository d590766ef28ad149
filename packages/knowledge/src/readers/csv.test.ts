import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReaderError } from '../errors.js';
import { readCsv } from './csv.js';

const data = new Uint8Array(readFileSync(new URL('../fixtures/docs/price-list.csv', import.meta.url)));
const input = { source: 'prices/price-list.csv', data };

describe('readCsv', () => {
  it('reads one document per row, with quoted commas, quotes and line breaks intact', async () => {
    const docs = await readCsv(input, { titleColumn: 'name', metadataColumns: ['sku'] });
    expect(docs.map((d) => d.source)).toEqual([
      'prices/price-list.csv#row=1',
      'prices/price-list.csv#row=2',
      'prices/price-list.csv#row=3',
    ]);
    expect(docs[1]).toMatchObject({
      title: 'Orion 15 kWh battery',
      content:
        'sku: ORN-15\nname: Orion 15 kWh battery\nprice_eur: 8790\nnotes: Ships with the "quiet" fan kit',
      metadata: { type: 'csv', fileName: 'price-list.csv', row: 2, sku: 'ORN-15' },
    });
    expect(docs[2]!.content).toContain('notes: Per seat, per year;\nbilled annually');
  });

  it('reads the whole file as one document, with the columns chosen', async () => {
    const [doc] = await readCsv(input, { split: 'file', textColumns: ['name', 'price_eur'] });
    expect(doc).toMatchObject({
      source: 'prices/price-list.csv',
      title: 'price-list',
      metadata: { rows: 3 },
    });
    expect(doc!.content).toBe(
      'name: Orion 10 kWh battery\nprice_eur: 6490\n\nname: Orion 15 kWh battery\nprice_eur: 8790\n\nname: Zephyr licence\nprice_eur: 240',
    );
  });

  it('names columns when there is no header', async () => {
    const docs = await readCsv({ source: 's.csv', data: 'a,b\nc,d\n' }, { header: false });
    expect(docs.map((d) => d.content)).toEqual(['column1: a\ncolumn2: b', 'column1: c\ncolumn2: d']);
  });

  it('refuses a ragged row, bad quoting, a missing column and a header alone, naming the source', async () => {
    const fail = (text: string, options = {}) => readCsv({ source: 'bad.csv', data: text }, options);
    await expect(fail('a,b\n1,2,3\n')).rejects.toThrow(
      'bad.csv: is not valid CSV: line 2: 3 fields where the header has 2',
    );
    await expect(fail('a,b\n"1,2\n')).rejects.toMatchObject({
      code: 'reader_error',
      details: { reason: 'corrupt' },
    });
    await expect(fail('a,b\n1,2\n', { textColumns: ['c'] })).rejects.toThrow('bad.csv: has no column "c"');
    await expect(fail('a,b\n')).rejects.toMatchObject({ details: { reason: 'empty' } });
    await expect(fail(' \n')).rejects.toBeInstanceOf(ReaderError);
  });
});
