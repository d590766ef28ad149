import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseDataset } from './dataset.js';

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('datasets', () => {
  it('reads JSONL, skipping blank lines and // comments', () => {
    const cases = parseDataset(
      [
        '// smoke',
        '{"input":"a","expected":"A"}',
        '',
        '{"id":"two","input":"b","expectedTools":["x",{"name":"y","args":{"k":1}}],"metadata":{"tag":"t"}}',
      ].join('\n'),
    );
    expect(cases).toEqual([
      { input: 'a', expected: 'A' },
      { id: 'two', input: 'b', expectedTools: ['x', { name: 'y', args: { k: 1 } }], metadata: { tag: 't' } },
    ]);
  });

  it('a bad JSONL line is an error naming the line (and the field)', () => {
    const text = '{"input":"a"}\n\n{"input": "b",}\n';
    expect(errorOf(() => parseDataset(text, { source: 'cases.jsonl' })).message).toMatch(
      /^cases\.jsonl line 3: not valid JSON/,
    );
    const field = errorOf(() =>
      parseDataset('{"input":"a"}\n{"input":"b","expectedTools":[3]}', { source: 'cases.jsonl' }),
    );
    expect(field.message).toBe(
      'cases.jsonl line 2: field "expectedTools[0]" must be a tool name or { name, args? }',
    );
    expect(field.details).toEqual({ where: 'cases.jsonl line 2', field: 'expectedTools[0]' });
    expect(errorOf(() => parseDataset('{"expected":"b"}')).message).toBe(
      'dataset line 1: field "input" is missing',
    );
    expect(errorOf(() => parseDataset('{"input":"b","expect":"c"}')).message).toContain(
      'field "expect" is not a case field',
    );
  });

  it('reads JSON arrays and { cases } objects, naming the index of a bad case', () => {
    expect(parseDataset('[{"input":"a"}]')).toEqual([{ input: 'a' }]);
    expect(
      parseDataset('{"cases":[{"input":{"role":"user","content":"hi"}}]}', { format: 'json' }),
    ).toHaveLength(1);
    expect(errorOf(() => parseDataset('[{"input":"a"},{"input":5}]', { source: 'd.json' })).message).toBe(
      'd.json case 1: field "input" must be a string, a message or messages',
    );
    expect(errorOf(() => parseDataset('{"rows":[]}', { format: 'json' })).message).toContain(
      'expected an array of cases',
    );
  });

  it('loads files by path or URL; a missing file is a ValidationError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evals-dataset-'));
    writeFileSync(join(dir, 'a.json'), '[{"input":"x"}]');
    writeFileSync(join(dir, 'b.jsonl'), '{"input":"y"}\n{"input":"z"}\n');
    expect(loadDataset(join(dir, 'a.json'))).toEqual([{ input: 'x' }]);
    expect(loadDataset(new URL(`file://${join(dir, 'b.jsonl')}`))).toHaveLength(2);
    expect(errorOf(() => loadDataset(join(dir, 'missing.jsonl'))).message).toContain(
      'cannot read the dataset',
    );
    writeFileSync(join(dir, 'c.jsonl'), '{"input":"y"}\n{"input":"z"\n');
    expect(errorOf(() => loadDataset(join(dir, 'c.jsonl'))).message).toContain('c.jsonl line 2');
  });
});
