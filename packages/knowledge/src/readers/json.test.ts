import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJson } from './json.js';

const data = new Uint8Array(readFileSync(new URL('../fixtures/docs/faq.json', import.meta.url)));
const input = { source: 'faq.json', data };

describe('readJson', () => {
  it('reads the whole value as pretty JSON by default', async () => {
    const [doc] = await readJson({ source: 'x.json', data: '{"a":[1,2],"b":"c"}' });
    expect(doc).toEqual({
      source: 'x.json',
      title: 'x',
      content: '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "c"\n}',
      metadata: { type: 'json', fileName: 'x.json' },
    });
  });

  it('reads one document per item from text fields, with title, id and metadata fields', async () => {
    const docs = await readJson(input, {
      textField: ['question', 'answer'],
      titleField: 'question',
      idField: 'id',
      metadataFields: ['category', 'missing'],
    });
    expect(docs.map((d) => d.source)).toEqual(['faq.json#faq-1', 'faq.json#faq-2', 'faq.json#faq-3']);
    expect(docs[2]).toEqual({
      source: 'faq.json#faq-3',
      title: 'Which payment methods are accepted?',
      content:
        'Which payment methods are accepted?\n\nCards, iDEAL and bank transfer. Invoices are payable within 14 days.',
      metadata: { type: 'json', fileName: 'faq.json', item: 2, category: 'billing' },
    });
  });

  it('splits a nested array by index, each item as pretty JSON, skipping items without text', async () => {
    const docs = await readJson(
      {
        source: 'n.json',
        data: JSON.stringify({ data: { rows: [{ t: 'one' }, { t: '' }, { t: 'three' }] } }),
      },
      { itemsField: 'data.rows', textField: 't' },
    );
    expect(docs.map((d) => [d.source, d.content])).toEqual([
      ['n.json#0', 'one'],
      ['n.json#2', 'three'],
    ]);
    const items = await readJson({ source: 'i.json', data: '[{"a":1}]' }, { split: 'items' });
    expect(items[0]!.content).toBe('{\n  "a": 1\n}');
  });

  it('reads only own fields (no prototype properties)', async () => {
    const docs = await readJson(
      { source: 'p.json', data: '[{"t":"x"}]' },
      { textField: ['t', 'constructor'] },
    );
    expect(docs[0]!.content).toBe('x');
  });

  it('refuses invalid JSON, a non-array to split and an empty file with typed errors', async () => {
    await expect(readJson({ source: 'b.json', data: '{"a":' })).rejects.toMatchObject({
      code: 'reader_error',
      source: 'b.json',
      details: { reason: 'corrupt' },
    });
    await expect(readJson({ source: 'o.json', data: '{"a":1}' }, { textField: 'a' })).rejects.toThrow(
      'o.json: the top-level value is not an array',
    );
    await expect(readJson({ source: 'e.json', data: new Uint8Array(0) })).rejects.toMatchObject({
      details: { reason: 'empty' },
    });
    await expect(readJson({ source: 'z.json', data: '[{"t":""}]' }, { textField: 't' })).rejects.toThrow(
      'z.json: has no items with text',
    );
  });
});
