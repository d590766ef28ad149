/**
 * Import cost of every public entry of every published package (issue 15, item 7): the time
 * of `await import()` of the built file in a fresh process and the heap it retains, counting
 * only what is ours: zod is loaded first (an application that defines tools has it already),
 * vitest first for `/testing` entries, and a provider or queue package is measured beside the
 * client it wraps (`@agno/models-openai` against `openai` alone; `@agno/tools/mcp` against the MCP SDK).
 * Cold start (issue 20): a typical app's set — `@agno/core`, `@agno/tools`, `@agno/models-openai` —
 * imported together in a fresh process with nothing preloaded (zod and openai count). Run `pnpm build` first.
 */
import { join } from 'node:path';
import { benchmarksDir } from '../src/files.js';
import {
  APP_SET,
  type EntryMeasurement,
  type ImportEntry,
  type ImportSample,
  importScript,
  measureEntry,
  summarise,
  workspaceEntries,
} from '../src/imports.js';
import { type Budget, type Budgets, figure, inFreshProcesses, type SuiteContext } from '../src/suite.js';

const MS = 1_000_000;
const entries = workspaceEntries(join(benchmarksDir, '..'));

/** The import-time budget of an entry (none when it is judged against its client). */
function timeBudget(entry: ImportEntry): Budget {
  const first = ['an empty module', ...entry.preload].join(', ');
  const what = `await import('${entry.specifier}') in a fresh process, after ${first}`;
  if (entry.name === 'core') return { maxNs: 20 * MS, note: what };
  if (entry.kind === 'testing') return { maxNs: 30 * MS, note: `${what} (a test helper: judged apart)` };
  if (entry.client !== undefined) return { note: `${what}; judged by over-client` };
  return { maxNs: 30 * MS, note: what };
}

/**
 * Targets (issue 15): core ≤ 20 ms, every other entry ≤ 30 ms, and an entry that wraps a client
 * library (a provider or queue package; here also a driver or SDK adapter) ≤ its client + 15 ms.
 */
export const budgets: Budgets = {
  'imports/app/time': {
    note: `cold start: await import() of ${APP_SET.join(', ')} in a fresh process, nothing preloaded`,
  },
  'imports/app/heap': { note: 'heap retained by those imports, after full collections' },
};
for (const entry of entries) {
  const base = `imports/${entry.name}`;
  budgets[`${base}/time`] = timeBudget(entry);
  budgets[`${base}/heap`] = { note: 'heap used after the import and full collections, over before' };
  if (entry.client !== undefined) {
    budgets[`${base}/client-time`] = { note: `${entry.client.imports.join(', ')} alone, same preloads` };
    budgets[`${base}/over-client`] = {
      maxNs: 15 * MS,
      note: `median import time over ${entry.client.name}'s own`,
    };
  }
}

/** Registers two figures per entry (time, heap), and two more for an entry that wraps a client. */
export default function register(ctx: SuiteContext): void {
  const runs = ctx.mode === 'full' ? 11 : 5;
  let app: Promise<ImportSample[]> | undefined;
  const appRuns = () =>
    (app ??= inFreshProcesses<ImportSample>(importScript(APP_SET, []), { runs, cwd: benchmarksDir }));
  const appNote = `${APP_SET.join(' + ')}, median of ${runs} fresh processes`;
  figure('imports/app/time', async () => ({
    ...summarise(await appRuns(), 'ns'),
    unit: 'ns',
    note: appNote,
  }));
  figure('imports/app/heap', async () => ({
    ...summarise(await appRuns(), 'heap'),
    unit: 'bytes',
    note: appNote,
  }));
  for (const entry of entries) {
    let measured: Promise<EntryMeasurement> | undefined;
    const measure = () => (measured ??= measureEntry(entry, runs));
    const base = `imports/${entry.name}`;
    const note = `median of ${runs} fresh processes`;
    figure(`${base}/time`, async () => ({ ...summarise((await measure()).entry, 'ns'), unit: 'ns', note }));
    figure(`${base}/heap`, async () => ({
      ...summarise((await measure()).entry, 'heap'),
      unit: 'bytes',
      note,
    }));
    const wrapped = entry.client?.name;
    if (wrapped === undefined) continue;
    figure(`${base}/client-time`, async () => ({
      ...summarise((await measure()).client!, 'ns'),
      unit: 'ns',
      note: `${wrapped} alone, ${note}`,
    }));
    figure(`${base}/over-client`, async () => {
      const m = await measure();
      const own = summarise(m.entry, 'ns');
      const client = summarise(m.client!, 'ns');
      return {
        value: own.value - client.value,
        unit: 'ns',
        // Each run's difference (the runs alternate), so the check can judge the spread.
        samples: own.samples.map((v, i) => v - client.samples[i]!),
        note: `median ${entry.specifier} − median ${wrapped}`,
      };
    });
  }
}
