/**
 * The side-by-side groups in the runner: `compare` (Node 20's majors) and `compare-current`
 * (the newest majors, on Node 24) are found, selected apart, compared with agno within their
 * own group, and recorded with their own versions and Node version.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSuites, selectSuites } from './discover.js';
import { appendHistory, readHistory } from './files.js';
import { nodeExecutable } from './node-binary.js';
import { comparisonOf } from './runner.js';
import type { BenchmarkRecord, RunResultFile } from './schema.js';

const root = mkdtempSync(join(tmpdir(), 'agno-side-by-side-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const f of ['suites/core.bench.ts', 'compare/suites/agno.bench.ts', 'compare/suites/ai-sdk.bench.ts']) {
  mkdirSync(join(root, f, '..'), { recursive: true });
  writeFileSync(join(root, f), '');
}
for (const f of ['agno', 'voltagent', 'ai-sdk']) {
  mkdirSync(join(root, 'compare-current/suites'), { recursive: true });
  writeFileSync(join(root, `compare-current/suites/${f}.bench.ts`), '');
}
writeFileSync(join(root, 'compare-current/suites/scenarios.ts'), '');

const record = (name: string, value: number | null): BenchmarkRecord => ({
  name,
  package: name.split('/')[0]!,
  suite: name.split('/').slice(0, 2).join('/'),
  kind: 'time',
  unit: 'ns',
  value,
});

describe('side-by-side groups', () => {
  it('finds each group’s suites, agno first; the newest majors run on Node 24', () => {
    const suites = discoverSuites(root);
    expect(suites.map((s) => [s.name, s.package, s.node])).toEqual([
      ['core', 'core', undefined],
      ['compare/agno', 'compare', undefined],
      ['compare/ai-sdk', 'compare', undefined],
      ['compare-current/agno', 'compare-current', 24],
      ['compare-current/ai-sdk', 'compare-current', 24],
      ['compare-current/voltagent', 'compare-current', 24],
    ]);
    expect(selectSuites(suites, ['compare']).selected.map((s) => s.name)).toEqual([
      'compare/agno',
      'compare/ai-sdk',
    ]);
    expect(selectSuites(suites, ['compare-current']).selected).toHaveLength(3);
  });

  it('compares each framework with agno in its own group, with that group’s versions', () => {
    const rows = comparisonOf(
      [
        record('compare/agno/text-run', 2000),
        record('compare/ai-sdk/text-run', 300_000),
        record('compare-current/agno/text-run', 1000),
        record('compare-current/ai-sdk/text-run', 250_000),
        record('compare-current/voltagent/text-run', null),
        record('core/run-text', 1000),
      ],
      { compare: { 'ai-sdk': '6.0.325' }, 'compare-current': { 'ai-sdk': '7.0.185' } },
    );
    expect(rows.map((r) => [r.package, r.framework, r.ratio, r.version])).toEqual([
      [undefined, 'agno', 1, undefined],
      [undefined, 'ai-sdk', 150, '6.0.325'],
      ['compare-current', 'agno', 1, undefined],
      ['compare-current', 'ai-sdk', 250, '7.0.185'],
    ]);
  });

  it('records each group’s versions and the Node its suites ran on in its history', () => {
    const dir = join(root, 'results');
    const run = {
      id: 'r1',
      date: '2026-01-01T00:00:00.000Z',
      mode: 'short',
      git: { commit: null, dirty: false },
      env: { node: 'v20.20.2', cpu: 'cpu' },
      suites: [
        {
          suite: 'compare-current/agno',
          package: 'compare-current',
          file: '',
          status: 'ok',
          durationMs: 1,
          node: 'v24.22.3',
        },
      ],
      benchmarks: [record('compare/agno/text-run', 2000), record('compare-current/agno/text-run', 1000)],
      frameworks: { agno: '0.1.0' },
      frameworksByPackage: {
        compare: { agno: '0.1.0' },
        'compare-current': { agno: '0.1.0', 'ai-sdk': '7.0.185' },
      },
    } as unknown as RunResultFile;
    appendHistory(dir, run);
    const current = readHistory(dir, 'compare-current').entries[0]!;
    expect(current.node).toBe('v24.22.3');
    expect(current.frameworks).toEqual({ agno: '0.1.0', 'ai-sdk': '7.0.185' });
    expect(readHistory(dir, 'compare').entries[0]!.node).toBe('v20.20.2');
  });
});

describe('nodeExecutable', () => {
  const major = Number.parseInt(process.versions.node, 10);

  it('is this process’s Node when it is the major asked for', () => {
    expect(nodeExecutable(major, root)).toBe(process.execPath);
  });

  it('refuses an AGNO_BENCH_NODE_<major> that is another version', () => {
    const other = major + 1;
    process.env[`AGNO_BENCH_NODE_${other}`] = process.execPath;
    try {
      expect(() => nodeExecutable(other, root)).toThrow(
        `AGNO_BENCH_NODE_${other}=${process.execPath} is not a Node ${other} executable`,
      );
    } finally {
      delete process.env[`AGNO_BENCH_NODE_${other}`];
    }
  });
});
