/**
 * @agno/core: agent construction, runs on the scripted model, events, streaming, import
 * cost and bundle size, against the targets of issue 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Agent, EventBus, InMemorySessionStore, type TextDeltaEvent, type Tool } from '@agno/core';
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
  'core/run-text': { maxNs: 3_000, note: 'agent.run on the scripted model, text reply' },
  'core/run-1-tool': { maxNs: 6_000, note: 'one tool round, then the answer' },
  'core/run-3-tool-rounds': { maxNs: 12_000, note: 'three tool rounds, then the answer' },
  'core/run/per-tool-round': { maxNs: 3_000, note: '(run-3-tool-rounds − run-text) / 3' },
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
const INSTRUCTIONS = 'Be brief.';

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
  await textAgent.run('warm up');
  await oneTool.run('warm up');
  await threeRounds.run('warm up');
  bench('core/run-text', async () => do_not_optimize(await textAgent.run('Hi')));
  bench('core/run-1-tool', async () => do_not_optimize(await oneTool.run('What is 1 + 2?')));
  bench('core/run-3-tool-rounds', async () => do_not_optimize(await threeRounds.run('Add three pairs.')));

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
