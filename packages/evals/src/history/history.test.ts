/**
 * The quality history as the dashboard reads it: reports written by the writer, served by the
 * dashboard's own results middleware, and loaded by its own loader (apps/dashboard/src/data.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import smoke from '../../datasets/smoke.eval.mjs';
import { runEval } from '../run-eval.js';
import { QUALITY_HISTORY_LIMIT } from './schema.js';
import { qualityHistoryFile, readQualityHistory, writeQualityHistory } from './write.js';

/** The dashboard's modules, loaded by path (the dashboard is an app, not a dependency). */
const dashboard = new URL('../../../../apps/dashboard/', import.meta.url);
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
interface DashboardQuality {
  quality: { eval: string; entries: { agent: string; passRate: number; met: boolean }[] }[];
  errors: { file: string; message: string }[];
}

async function serveResults(resultsDir: string): Promise<{ base: string; close: () => void }> {
  const plugin = (await import(new URL('results-plugin.ts', dashboard).href)) as {
    resultsMiddleware(o: { resultsDir: string; budgetsFile: string }): Middleware;
  };
  const middleware = plugin.resultsMiddleware({ resultsDir, budgetsFile: join(resultsDir, 'budgets.json') });
  const server = createServer((req, res) =>
    middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}/data/`, close: () => server.close() };
}

describe('quality history', () => {
  it('is written per eval and read back by the dashboard’s loader', async () => {
    const resultsDir = mkdtempSync(join(tmpdir(), 'evals-history-'));
    const first = await runEval(smoke);
    const second = await runEval({ ...smoke, threshold: 1 });
    const files = writeQualityHistory([first], { resultsDir, commit: 'abc123', dirty: false });
    writeQualityHistory(second, { resultsDir, commit: 'def456', dirty: true });
    expect(files).toEqual([join(resultsDir, 'evals', 'smoke.json')]);
    const history = readQualityHistory(resultsDir, 'smoke');
    expect(history.entries.map((e) => [e.commit, e.agent, e.cases, e.passRate, e.met])).toEqual([
      ['abc123', 'calculator', 4, 1, true],
      ['def456', 'calculator', 4, 1, true],
    ]);
    expect(history.entries[1]).toMatchObject({
      dirty: true,
      model: 'mock/scripted',
      threshold: { passRate: 1 },
    });
    expect(history.entries[0]!.scorers).toEqual({
      'contains-all': { passRate: 1, meanScore: 1 },
      'tool-calls': { passRate: 1, meanScore: 1 },
    });

    const { base, close } = await serveResults(resultsDir);
    try {
      const { loadData } = (await import(new URL('src/data.ts', dashboard).href)) as {
        loadData(base: string): Promise<DashboardQuality>;
      };
      const loaded = await loadData(base);
      expect(loaded.errors).toEqual([]);
      expect(loaded.quality).toHaveLength(1);
      expect(loaded.quality[0]!.eval).toBe('smoke');
      expect(loaded.quality[0]!.entries.map((e) => [e.agent, e.passRate, e.met])).toEqual([
        ['calculator', 1, true],
        ['calculator', 1, true],
      ]);
      // A file the dashboard cannot read is listed as an error; the rest still loads.
      writeFileSync(join(resultsDir, 'evals', 'broken.json'), '{"schema":"agno-eval-history","version":9}');
      const again = await loadData(base);
      expect(again.quality.map((q) => q.eval)).toEqual(['smoke']);
      expect(again.errors).toEqual([
        { file: 'evals/broken.json', message: 'evals/broken.json has version 9; this reader knows 1' },
      ]);
    } finally {
      close();
    }
  });

  it('keeps the last runs only, and refuses a file of another format', async () => {
    const resultsDir = mkdtempSync(join(tmpdir(), 'evals-history-'));
    const report = await runEval(smoke);
    for (let i = 0; i < QUALITY_HISTORY_LIMIT + 2; i++) {
      writeQualityHistory(
        { ...report, date: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() },
        { resultsDir, commit: null, dirty: false },
      );
    }
    const entries = readQualityHistory(resultsDir, 'smoke').entries;
    expect(entries).toHaveLength(QUALITY_HISTORY_LIMIT);
    expect(entries[0]!.date).toBe('2026-01-01T00:02:00.000Z');

    mkdirSync(join(resultsDir, 'evals'), { recursive: true });
    writeFileSync(
      qualityHistoryFile(resultsDir, 'other'),
      '{"schema":"agno-bench-history","version":1,"entries":[]}',
    );
    expect(() => readQualityHistory(resultsDir, 'other')).toThrow(ValidationError);
    expect(qualityHistoryFile(resultsDir, 'a/b c')).toBe(join(resultsDir, 'evals', 'a-b-c.json'));
  });
});
