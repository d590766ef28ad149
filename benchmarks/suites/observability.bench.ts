/**
 * @agno/observability: what tracing and metrics add to an agent run (issue 8), off and on.
 *
 * - plain: no instrumentation;
 * - traced-noop: instrumentAgent with no OpenTelemetry SDK registered (no span is made);
 * - traced-sdk: a real SDK tracer (BasicTracerProvider, BatchSpanProcessor as in production, an
 *   exporter that drops the batches), so span creation, attributes and queueing are all counted;
 * - metrics: AgentMetrics (prom-client) observing the agent;
 * - all: traced-sdk and metrics together.
 *
 * Two runs: a text answer (1 model call: 2 spans) and one tool round (2 model calls and a
 * tool call: 4 spans). All on the scripted model with `record: false`.
 */
import { createRequire } from 'node:module';
import { Agent, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { instrumentAgent, type TracingOptions } from '@agno/observability';
import { AgentMetrics, type AgentMetricsOptions } from '@agno/observability/prometheus';
import { bench, do_not_optimize } from 'mitata';
import { type Budgets, type Figure, figure, type SuiteContext } from '../src/suite.js';

/** Targets (times in ns; overheads are medians minus the plain run's median). */
export const budgets: Budgets = {
  'observability/text/traced-noop/overhead': {
    maxNs: 2_000,
    note: 'instrumented, no SDK registered (no span is made)',
  },
  'observability/text/traced-sdk/overhead': {
    maxNs: 25_000,
    note: '2 recorded spans through a real SDK tracer (BatchSpanProcessor; span creation is mostly the SDK)',
  },
  'observability/text/metrics/overhead': {
    maxNs: 6_000,
    note: 'prom-client counters and histograms for one run',
  },
  'observability/text/all/overhead': { maxNs: 30_000, note: 'tracing (SDK) and metrics together' },
  'observability/tool/traced-noop/overhead': {
    maxNs: 3_000,
    note: 'the same for a run with 2 model calls and a tool call',
  },
  'observability/tool/traced-sdk/overhead': {
    maxNs: 60_000,
    note: '4 recorded spans through a real SDK tracer',
  },
  'observability/tool/metrics/overhead': {
    maxNs: 10_000,
    note: 'metrics of a run with 2 model calls and a tool call',
  },
  'observability/tool/all/overhead': { maxNs: 60_000, note: 'tracing (SDK) and metrics together' },
};

type Tracer = NonNullable<TracingOptions['tracer']>;
type Registry = NonNullable<AgentMetricsOptions['registry']>;

/**
 * The OpenTelemetry SDK and prom-client are dev dependencies of @agno/observability, not of the
 * benchmarks: load them from there (typed by the little this suite uses).
 */
const fromObservability = createRequire(
  createRequire(import.meta.url).resolve('@agno/observability/package.json'),
);

interface SdkTraceBase {
  BasicTracerProvider: new (config: { spanProcessors: unknown[] }) => { getTracer(name: string): Tracer };
  BatchSpanProcessor: new (exporter: unknown) => unknown;
}

/** A real SDK tracer whose exporter drops every batch. */
function sdkTracer(): Tracer {
  const sdk = fromObservability('@opentelemetry/sdk-trace-base') as SdkTraceBase;
  const drop = {
    export: (_spans: unknown[], done: (result: { code: 0 }) => void) => done({ code: 0 }),
    shutdown: async () => {},
  };
  const provider = new sdk.BasicTracerProvider({ spanProcessors: [new sdk.BatchSpanProcessor(drop)] });
  return provider.getTracer('bench');
}

/** A prom-client registry of its own, so that nothing else is collected. */
function newRegistry(): Registry {
  const { Registry } = fromObservability('prom-client') as { Registry: new () => Registry };
  return new Registry();
}

const add: Tool<{ a: number; b: number }, number> = {
  name: 'add',
  description: 'adds two numbers',
  parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  execute: ({ a, b }) => a + b,
};

/** Registers the observability benchmarks and figures. */
export default async function register(_ctx: SuiteContext): Promise<void> {
  const tracer = sdkTracer();
  const textModel = new ScriptedModel({ turns: ['Hello there.'], record: false });
  const toolModel = new ScriptedModel({
    turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] }, 'It is 3.'],
    record: false,
  });

  for (const [kind, model, tools] of [
    ['text', textModel, undefined],
    ['tool', toolModel, [add]],
  ] as const) {
    const make = () => new Agent({ name: 'bench', model, instructions: 'Be brief.', tools });
    const plain = make();
    const noop = make();
    instrumentAgent(noop);
    const sdk = make();
    instrumentAgent(sdk, { tracer });
    const counted = make();
    new AgentMetrics({ registry: newRegistry() }).observe(counted);
    const all = make();
    instrumentAgent(all, { tracer });
    new AgentMetrics({ registry: newRegistry() }).observe(all);

    const input = 'What is 1 + 2?';
    // Compile every path before timing (the first benchmark of a process pays for it otherwise).
    for (const agent of [plain, noop, sdk, counted, all])
      for (let i = 0; i < 2_000; i++) await agent.run(input);
    bench(`observability/${kind}/plain`, async () => do_not_optimize(await plain.run(input)));
    bench(`observability/${kind}/traced-noop`, async () => do_not_optimize(await noop.run(input)));
    bench(`observability/${kind}/traced-sdk`, async () => do_not_optimize(await sdk.run(input)));
    bench(`observability/${kind}/metrics`, async () => do_not_optimize(await counted.run(input)));
    bench(`observability/${kind}/all`, async () => do_not_optimize(await all.run(input)));
    for (const variant of ['traced-noop', 'traced-sdk', 'metrics', 'all']) {
      figure(`observability/${kind}/${variant}/overhead`, ({ stats }): Figure => {
        const on = stats(`observability/${kind}/${variant}`).p50;
        const off = stats(`observability/${kind}/plain`).p50;
        return {
          value: on - off,
          unit: 'ns',
          note: `${(on / off).toFixed(2)}× the plain run (${Math.round(off)} ns)`,
        };
      });
    }
  }
}
