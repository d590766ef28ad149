import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  appendHistory,
  HISTORY_LIMIT,
  historyFile,
  mergeBudgets,
  readBudgets,
  readHistory,
  readLatest,
  writeLatest,
} from './files.js';
import { parseHistory, parseRunResult, SchemaError } from './schema.js';
import { runFixture, timed } from './testing-fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agno-bench-files-'));
});

describe('latest.json', () => {
  it('round-trips a run, and is absent before the first run', () => {
    expect(readLatest(dir)).toBeUndefined();
    const run = runFixture('2025-01-01T00:00:00.000Z', [timed('core/x', 10, 48)]);
    writeLatest(dir, run);
    expect(readLatest(dir)).toEqual(run);
  });

  it('rejects a broken or foreign file with a message that says what is wrong', () => {
    writeFileSync(join(dir, 'latest.json'), '{"schema": "agno-bench-result", "version": 1, "benchmarks": [');
    expect(() => readLatest(dir)).toThrow(SchemaError);
    expect(() => readLatest(dir)).toThrow(/is not valid JSON/);
    expect(() => parseRunResult('{"schema":"other"}', 'x.json')).toThrow(
      'x.json is not a agno-bench-result file',
    );
    expect(() => parseRunResult('{"schema":"agno-bench-result","version":99}')).toThrow(/version 99/);
  });
});

describe('history', () => {
  it('appends one compact entry per package and keeps the newest HISTORY_LIMIT', () => {
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      const date = new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString();
      appendHistory(dir, runFixture(date, [timed('core/x', 10 + i, 48), timed('tools/y', 100)]));
    }
    const core = readHistory(dir, 'core');
    expect(core.entries).toHaveLength(HISTORY_LIMIT);
    expect(core.entries.at(-1)!.values['core/x']).toMatchObject({
      u: 'ns',
      v: 10 + HISTORY_LIMIT + 4,
      a: 48,
    });
    expect(core.entries[0]!.values['core/x']!.v).toBe(15);
    expect(readHistory(dir, 'tools').entries).toHaveLength(HISTORY_LIMIT);
    // Compact: no samples, few digits.
    expect(readFileSync(historyFile(dir, 'core'), 'utf8').length).toBeLessThan(HISTORY_LIMIT * 400);
  });

  it('leaves failed benchmarks out and replaces an entry of the same run id', () => {
    const run = runFixture('2025-01-01T00:00:00.000Z', [
      timed('core/x', 10),
      { ...timed('core/broken', 1), value: null, error: 'boom' },
    ]);
    appendHistory(dir, run);
    appendHistory(dir, run);
    const entries = readHistory(dir, 'core').entries;
    expect(entries).toHaveLength(1);
    expect(Object.keys(entries[0]!.values)).toEqual(['core/x']);
  });

  it('rejects a malformed entry', () => {
    const text = JSON.stringify({
      schema: 'agno-bench-history',
      version: 1,
      package: 'core',
      entries: [{ id: 'a' }],
    });
    expect(() => parseHistory(text, 'core.json')).toThrow('core.json: entry 0 lacks id, date or values');
  });
});

describe('budgets', () => {
  it('replaces a package’s budgets with its suite’s and keeps other packages', () => {
    const file = join(dir, 'budgets.json');
    expect(
      mergeBudgets(file, {
        core: { 'core/a': { maxNs: 10 }, 'core/b': { maxNs: 5 } },
        tools: { 'tools/t': { maxNs: 1 } },
      }),
    ).toBe(true);
    expect(mergeBudgets(file, { core: { 'core/a': { maxNs: 20 } } })).toBe(true);
    const budgets = readBudgets(file);
    expect(budgets.packages).toEqual({
      core: { 'core/a': { maxNs: 20 } },
      tools: { 'tools/t': { maxNs: 1 } },
    });
    // Nothing changed: nothing written.
    expect(mergeBudgets(file, { core: { 'core/a': { maxNs: 20 } } })).toBe(false);
  });
});
