/**
 * @agno/core: agent construction, runs on the scripted model, events, streaming, import
 * cost and bundle size, against the targets of issue 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { gzipSync } from 'node:zlib';
import {
  Agent,
  EventBus,
  InMemorySessionStore,
  type TextDeltaEvent,
  type Tool,
  type ToolSpec,
} from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { build } from 'esbuild';
import { bench, do_not_optimize } from 'mitata';
import { benchmarksDir } from '../src/files.js';
import {
  type Budgets,
  figure,
  heapPerObject,
  inFreshProcesses,
  median,
  type SuiteContext,
} from '../src/suite.js';
import { bareRun, bareStream, INSTRUCTIONS, relayedStream } from './core-floors.js';

/** Targets from issue 2 (times in ns, sizes in bytes). */
export const budgets: Budgets = {
  'core/agent-new': { maxNs: 10, note: 'new Agent({ name, model, instructions })' },
  'core/agent-new-tools3': { maxNs: 10, note: 'new Agent with 3 tools' },
  'core/agent-new-store': { maxNs: 10, note: 'new Agent with a session store' },
  'core/agent-new/vs-literal': {
    max: 2,
    note: 'agent construction over a bare object literal of the same options',
  },
  'core/agent-new-tools3/vs-literal': { max: 2 },
  'core/agent-new-store/vs-literal': { max: 2 },
  'core/agent-new/retained': {
    maxBytes: 100,
    note: 'heap per agent (its options literal included), 10,000 agents',
  },
  'core/agent-new-tools3/retained': { maxBytes: 100 },
  'core/agent-new-store/retained': { maxBytes: 100 },
  'core/run-text': {
    maxNs: 2_000,
    maxBytes: 3 * 1024,
    note: 'agent.run on the scripted model, text reply (issue 22 aims at 0.75 µs, 2 KB)',
  },
  'core/run-1-tool': { maxNs: 4_000, maxBytes: 10 * 1024, note: 'one tool round, then the answer' },
  'core/run-3-tool-rounds': {
    maxNs: 10_000,
    maxBytes: 18 * 1024,
    note: 'three tool rounds, then the answer',
  },
  'core/run/per-tool-round': { maxNs: 2_500, note: '(run-3-tool-rounds − run-text) / 3 (issue 22: 2.5 µs)' },
  'core/run-1-tool-x50': {
    maxNs: 150_000,
    note: '50 concurrent one-tool runs on one agent (issue 22 aims at 0.1 ms)',
  },
  'core/run-text/x-floor': {
    max: 5,
    note: 'run-text over the bare loop on the same model (both without an async wrapper since issue 22)',
  },
  'core/run-1-tool/x-floor': { max: 4 },
  'core/run-3-tool-rounds/x-floor': { max: 4 },
  'core/run-1-tool-x50/x-floor': { max: 4 },
  'core/stream-200-deltas/x-floor': { max: 4, note: 'over the consumer reading the model stream itself' },
  'core/stream-200-deltas-text-only/x-floor': { max: 4 },
  'core/stream-200-deltas/x-relay': {
    max: 2,
    note: 'over the least relay between model and consumer (one callback per event, a bounded channel)',
  },
  'core/stream-200-deltas-text-only/x-relay': { max: 2 },
  'core/stream-200-deltas': {
    maxNs: 50_000,
    note: '200 one-character deltas as events (issue 22 aims at 20 µs)',
  },
  'core/stream-200-deltas-text-only': { maxNs: 50_000, note: 'the same, textOnly' },
  'core/run/retained-per-run': {
    maxBytes: 16,
    note: 'heap growth per finished run (one-tool runs and streams), after full collections',
  },
  'core/event-emit-receive': { maxNs: 100, note: 'EventBus.emit of a new event to one listener' },
  'core/stream/deltas-per-second': {
    min: 5_000_000,
    note: '200 text deltas streamed as events and consumed',
  },
  'core/stream/text-only-deltas-per-second': { min: 5_000_000, note: '200 text deltas, textOnly stream' },
  'core/import/time': { maxNs: 20_000_000, note: "await import('@agno/core') in a fresh process" },
  'core/import/heap': { maxBytes: 1024 * 1024, note: 'heap after the import over the empty process' },
  'core/import/time-over-empty': {
    note: 'the same after importing an empty module file first (its own cost)',
  },
  'core/bundle/minified': { maxBytes: 30 * 1024, note: 'esbuild bundle + minify of @agno/core' },
};

const NAME = 'bench';

function tool(name: string): Tool<{ a: number; b: number }, number> {
  return {
    name,
    description: `${name}s two numbers`,
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
    execute: ({ a, b }) => a + b,
  };
}

/** Registers the core benchmarks and figures. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const model = new ScriptedModel({ turns: ['Hello there.'], record: false });
  const tools = [tool('add'), tool('sum'), tool('plus')];
  const store = new InMemorySessionStore();

  // Construction, and a bare object literal of the same options as the baseline.
  bench('core/agent-new', () =>
    do_not_optimize(new Agent({ name: NAME, model, instructions: INSTRUCTIONS })),
  );
  bench('core/agent-new-tools3', () =>
    do_not_optimize(new Agent({ name: NAME, model, instructions: INSTRUCTIONS, tools })),
  );
  bench('core/agent-new-store', () =>
    do_not_optimize(new Agent({ name: NAME, model, instructions: INSTRUCTIONS, store })),
  );
  bench('core/baseline/literal', () => do_not_optimize({ name: NAME, model, instructions: INSTRUCTIONS }));
  bench('core/baseline/literal-tools3', () =>
    do_not_optimize({ name: NAME, model, instructions: INSTRUCTIONS, tools }),
  );
  bench('core/baseline/literal-store', () =>
    do_not_optimize({ name: NAME, model, instructions: INSTRUCTIONS, store }),
  );

  // Runs on the scripted model.
  const textAgent = new Agent({ name: NAME, model, instructions: INSTRUCTIONS });
  const oneTool = new Agent({
    name: NAME,
    instructions: INSTRUCTIONS,
    tools,
    model: new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] }, 'It is 3.'],
      record: false,
    }),
  });
  const threeRounds = new Agent({
    name: NAME,
    instructions: INSTRUCTIONS,
    tools,
    model: new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
        { toolCalls: [{ name: 'sum', args: { a: 3, b: 4 } }] },
        { toolCalls: [{ name: 'plus', args: { a: 5, b: 6 } }] },
        'Done.',
      ],
      record: false,
    }),
  });
  // Warm up long enough for the optimising compiler to finish (on a busy machine it lags), so
  // that the allocation probe after each benchmark measures optimised code, as times do.
  for (let i = 0; i < 3_000; i++) {
    await textAgent.run('warm up');
    await oneTool.run('warm up');
    await threeRounds.run('warm up');
  }
  // Each benchmark returns the run's promise: an async wrapper's own frame and await (about
  // 0.5 KB and 50 ns) are not the run's. The harness's one await on it is in every figure and floor.
  bench('core/run-text', () => textAgent.run('Hi'));
  bench('core/run-1-tool', () => oneTool.run('What is 1 + 2?'));
  bench('core/run-3-tool-rounds', () => threeRounds.run('Add three pairs.'));
  bench('core/run-1-tool-x50', () => {
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) runs.push(oneTool.run('What is 1 + 2?'));
    return Promise.all(runs);
  });

  // Floors: the same models in a bare loop (see bareRun), in this process.
  const table = new Map(tools.map((t) => [t.name, t as Tool]));
  const specs: ToolSpec[] = tools.map((t) => ({
    name: t.name,
    description: t.description,
    parameters: t.parameters,
  }));
  const oneToolModel = oneTool.options.model;
  const threeModel = threeRounds.options.model;
  bench('core/floor/run-text', () => bareRun(model, 'Hi'));
  bench('core/floor/run-1-tool', () => bareRun(oneToolModel, 'What is 1 + 2?', table, specs));
  bench('core/floor/run-3-tool-rounds', () => bareRun(threeModel, 'Add three pairs.', table, specs));
  bench('core/floor/run-1-tool-x50', () => {
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) runs.push(bareRun(oneToolModel, 'What is 1 + 2?', table, specs));
    return Promise.all(runs);
  });

  // The event bus.
  const bus = new EventBus();
  let received: TextDeltaEvent | undefined;
  bus.on('text-delta', (e) => {
    received = e;
  });
  bench('core/event-emit-receive', () => {
    bus.emit({ type: 'text-delta', runId: 'run', text: 'x' });
    do_not_optimize(received);
  });

  // Streaming 200 one-character deltas.
  const streamModel = new ScriptedModel({ turns: [{ text: 'x'.repeat(200), chunkSize: 1 }], record: false });
  const streamer = new Agent({ name: NAME, model: streamModel, instructions: INSTRUCTIONS });
  bench('core/stream-200-deltas', async () => {
    let deltas = 0;
    for await (const e of streamer.stream('Stream.')) if (e.type === 'text-delta') deltas++;
    if (deltas === 0) throw new Error('no deltas streamed');
  });
  bench('core/stream-200-deltas-text-only', async () => {
    let chars = 0;
    for await (const text of streamer.stream('Stream.', { textOnly: true })) chars += text.length;
    if (chars !== 200) throw new Error(`streamed ${chars} characters, expected 200`);
  });

  for (let i = 0; i < 300; i++) {
    for await (const _ of streamer.stream('warm up'));
    for await (const _ of streamer.stream('warm up', { textOnly: true }));
    await bareStream(streamModel, 'warm up');
    await relayedStream(streamModel, 'warm up');
  }
  bench('core/floor/stream-200-deltas', async () => {
    const chars = await bareStream(streamModel, 'Stream.');
    if (chars !== 200) throw new Error(`streamed ${chars} characters, expected 200`);
  });
  bench('core/floor/stream-200-deltas-relayed', async () => {
    const chars = await relayedStream(streamModel, 'Stream.');
    if (chars !== 200) throw new Error(`relayed ${chars} characters, expected 200`);
  });

  // Each run benchmark as a multiple of its floor (median over median).
  for (const [run, floor] of [
    ['core/run-text', 'core/floor/run-text'],
    ['core/run-1-tool', 'core/floor/run-1-tool'],
    ['core/run-3-tool-rounds', 'core/floor/run-3-tool-rounds'],
    ['core/run-1-tool-x50', 'core/floor/run-1-tool-x50'],
    ['core/stream-200-deltas', 'core/floor/stream-200-deltas'],
    ['core/stream-200-deltas-text-only', 'core/floor/stream-200-deltas'],
  ] as const) {
    figure(`${run}/x-floor`, (f) => ({ ...f.ratio(run, floor), note: `${run} over ${floor}` }));
  }
  // Streams over the least any relay between the model and the consumer costs (relayedStream).
  for (const run of ['core/stream-200-deltas', 'core/stream-200-deltas-text-only'] as const) {
    const relay = 'core/floor/stream-200-deltas-relayed';
    figure(`${run}/x-relay`, (f) => ({ ...f.ratio(run, relay), note: `${run} over ${relay}` }));
  }

  figure('core/run/retained-per-run', async () => {
    const gc = (globalThis as { gc?: () => void }).gc!;
    const runs = ctx.mode === 'full' ? 10_000 : 4_000;
    const samples: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      gc();
      gc();
      const before = getHeapStatistics().used_heap_size;
      for (let i = 0; i < runs; i++) {
        await oneTool.run('What is 1 + 2?');
        if (i % 8 === 0) for await (const _ of streamer.stream('Stream.', { textOnly: true }));
      }
      gc();
      gc();
      if (round > 0) samples.push((getHeapStatistics().used_heap_size - before) / runs);
    }
    return {
      value: median(samples),
      unit: 'bytes',
      samples,
      note: `heap delta over ${runs} runs, none kept`,
    };
  });

  figure('core/agent-new/vs-literal', (f) => f.ratio('core/agent-new', 'core/baseline/literal'));
  figure('core/agent-new-tools3/vs-literal', (f) =>
    f.ratio('core/agent-new-tools3', 'core/baseline/literal-tools3'),
  );
  figure('core/agent-new-store/vs-literal', (f) =>
    f.ratio('core/agent-new-store', 'core/baseline/literal-store'),
  );

  const count = 10_000;
  const rounds = ctx.mode === 'full' ? 9 : 5;
  figure('core/agent-new/retained', () =>
    heapPerObject(() => new Agent({ name: NAME, model, instructions: INSTRUCTIONS }), { count, rounds }),
  );
  figure('core/agent-new-tools3/retained', () =>
    heapPerObject(() => new Agent({ name: NAME, model, instructions: INSTRUCTIONS, tools }), {
      count,
      rounds,
    }),
  );
  figure('core/agent-new-store/retained', () =>
    heapPerObject(() => new Agent({ name: NAME, model, instructions: INSTRUCTIONS, store }), {
      count,
      rounds,
    }),
  );
  figure('core/baseline/literal/retained', () =>
    heapPerObject(() => ({ name: NAME, model, instructions: INSTRUCTIONS }), { count, rounds }),
  );

  figure('core/run/per-tool-round', (f) => {
    const rounds3 = f.stats('core/run-3-tool-rounds');
    const text = f.stats('core/run-text');
    return {
      value: (rounds3.p50 - text.p50) / 3,
      unit: 'ns',
      samples: [(rounds3.p25 - text.p75) / 3, (rounds3.p75 - text.p25) / 3],
      note: '(median of run-3-tool-rounds − median of run-text) / 3',
    };
  });
  figure('core/stream/deltas-per-second', (f) => f.throughput('core/stream-200-deltas', 200));
  figure('core/stream/text-only-deltas-per-second', (f) =>
    f.throughput('core/stream-200-deltas-text-only', 200),
  );

  const imports = ctx.mode === 'full' ? 15 : 5;
  const empty = join(mkdtempSync(join(tmpdir(), 'agno-bench-')), 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const importRuns = () =>
    inFreshProcesses<ImportRun>(IMPORT_SCRIPT.replace('EMPTY', `'${pathToFileURL(empty).href}'`), {
      runs: imports,
      cwd: benchmarksDir,
    });
  let importResults: Promise<ImportRun[]> | undefined;
  figure('core/import/time', async () => {
    const runs = await (importResults ??= importRuns());
    const samples = runs.map((r) => r.ns);
    return { value: median(samples), unit: 'ns', samples, note: `median of ${runs.length} fresh processes` };
  });
  figure('core/import/time-over-empty', async () => {
    const runs = await (importResults ??= importRuns());
    const samples = runs.map((r) => r.nsWarm);
    return {
      value: median(samples),
      unit: 'ns',
      samples,
      note: 'after an empty module warmed the ESM loader',
    };
  });
  figure('core/import/heap', async () => {
    const runs = await (importResults ??= importRuns());
    const samples = runs.map((r) => r.heap);
    return {
      value: median(samples),
      unit: 'bytes',
      samples,
      note: 'heap used after import and gc, over before',
    };
  });

  let bundle: Promise<Uint8Array> | undefined;
  const bundled = () =>
    (bundle ??= build({
      stdin: { contents: "export * from '@agno/core';", resolveDir: benchmarksDir, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]!.contents));
  figure('core/bundle/minified', async () => {
    const code = await bundled();
    return { value: code.byteLength, unit: 'bytes', note: 'esbuild --bundle --minify of the package entry' };
  });
  figure('core/bundle/gzip', async () => {
    const code = await bundled();
    return { value: gzipSync(code).byteLength, unit: 'bytes', note: 'the minified bundle, gzipped' };
  });
}

interface ImportRun {
  /** First import in the process, ns. */
  ns: number;
  /** Heap retained by it, bytes. */
  heap: number;
  /** Import in a second process after an empty module file warmed the loader, ns. */
  nsWarm: number;
}

/**
 * Runs in a fresh `node --expose-gc` process: times the first import of @agno/core and the
 * heap it retains; then, in a child of its own, times the import after an empty module.
 */
const IMPORT_SCRIPT = `
globalThis.gc(); globalThis.gc();
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
await import('@agno/core');
const ns = (performance.now() - t0) * 1e6;
globalThis.gc(); globalThis.gc();
const heap = process.memoryUsage().heapUsed - before;
const { execFileSync } = await import('node:child_process');
const warm = "await import(EMPTY); const t = performance.now(); await import('@agno/core'); console.log((performance.now() - t) * 1e6);";
const nsWarm = Number(execFileSync(process.execPath, ['--input-type=module', '-e', warm], { encoding: 'utf8' }).trim());
console.log(JSON.stringify({ ns, heap, nsWarm }));
`;
