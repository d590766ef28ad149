/**
 * Prometheus metrics for agents through `prom-client`: runs by status, run errors by code,
 * latency histograms (runs, model calls, tool calls, workflow steps), tokens, tool calls,
 * runs in flight, and response-cache figures read at scrape time.
 *
 * Labels carry names only (agent, tool, model, error code): never prompt text or values.
 */
import { type Agent, ConfigError, type ModelRequest } from '@agno/core';
import { Counter, register as defaultRegistry, Gauge, Histogram, type Registry } from 'prom-client';
import { errorType } from '../error-type.js';
import {
  type CacheStatsSource,
  type LimiterStatsSource,
  type ObservedCache,
  type ObservedLimiter,
  registerSourceMetrics,
} from './source-metrics.js';

export type { CacheStatsSource, LimiterStatsSource } from './source-metrics.js';

/** Histogram buckets, in seconds. */
export interface MetricBuckets {
  run?: number[];
  model?: number[];
  tool?: number[];
  step?: number[];
}

/** Options of {@link AgentMetrics}. */
export interface AgentMetricsOptions {
  /** Registry to register in. Default: prom-client's global `register`. */
  registry?: Registry;
  /** Prefix of every metric name. Default `agno_`. */
  prefix?: string;
  /** Histogram buckets (seconds). */
  buckets?: MetricBuckets;
  /**
   * Reads what a response cache did with a model request (`cacheStatusOf` from `@agno/runtime`),
   * for caches that do not mark their replies. Replies marked `cached` (as `@agno/runtime`'s cache
   * marks them) or reported `hit` count in `agno_cached_tokens_total`, not in `agno_tokens_total`.
   */
  cacheStatus?: (request: ModelRequest) => string | undefined;
}

const RUN_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160];
const MODEL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80];
const TOOL_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Registers the agno metrics in a registry and feeds them from observed agents and caches. */
export class AgentMetrics {
  /** The registry the metrics live in. */
  readonly registry: Registry;
  private readonly runs: Counter<'agent' | 'status'>;
  private readonly runErrors: Counter<'agent' | 'code'>;
  private readonly runDuration: Histogram<'agent' | 'status'>;
  private readonly inFlight: Gauge<'agent'>;
  private readonly modelDuration: Histogram<'agent' | 'provider' | 'model'>;
  private readonly tokens: Counter<'agent' | 'provider' | 'model' | 'type'>;
  private readonly cachedTokens: Counter<'agent' | 'provider' | 'model' | 'type'>;
  private readonly cacheStatus: AgentMetricsOptions['cacheStatus'];
  private readonly toolCalls: Counter<'agent' | 'tool' | 'status'>;
  private readonly toolDuration: Histogram<'agent' | 'tool'>;
  private readonly stepDuration: Histogram<'workflow' | 'step' | 'status'>;
  private readonly caches = new Map<string, ObservedCache>();
  private readonly limiters = new Map<string, ObservedLimiter>();

  constructor(options: AgentMetricsOptions = {}) {
    const registry = options.registry ?? defaultRegistry;
    const p = options.prefix ?? 'agno_';
    const registers = [registry];
    const b = options.buckets ?? {};
    this.registry = registry;
    const taken = registry.getSingleMetric(`${p}runs_total`);
    if (taken !== undefined) {
      throw new ConfigError(
        `metrics named "${p}..." are already registered in this registry: create one AgentMetrics per registry (it observes any number of agents) or use another prefix`,
      );
    }
    this.runs = new Counter({
      name: `${p}runs_total`,
      help: 'Agent runs finished, by status (completed, paused, error).',
      labelNames: ['agent', 'status'],
      registers,
    });
    this.runErrors = new Counter({
      name: `${p}run_errors_total`,
      help: 'Agent runs that failed, by error code.',
      labelNames: ['agent', 'code'],
      registers,
    });
    this.runDuration = new Histogram({
      name: `${p}run_duration_seconds`,
      help: 'Duration of agent runs.',
      labelNames: ['agent', 'status'],
      buckets: b.run ?? RUN_BUCKETS,
      registers,
    });
    this.inFlight = new Gauge({
      name: `${p}runs_in_flight`,
      help: 'Agent runs started and not finished.',
      labelNames: ['agent'],
      registers,
    });
    this.modelDuration = new Histogram({
      name: `${p}model_call_duration_seconds`,
      help: 'Duration of model calls that completed.',
      labelNames: ['agent', 'provider', 'model'],
      buckets: b.model ?? MODEL_BUCKETS,
      registers,
    });
    this.tokens = new Counter({
      name: `${p}tokens_total`,
      help: 'Tokens spent by model calls, by type (input, output); replies served by a response cache are not counted.',
      labelNames: ['agent', 'provider', 'model', 'type'],
      registers,
    });
    this.cachedTokens = new Counter({
      name: `${p}cached_tokens_total`,
      help: 'Tokens of replies a response cache served instead of the model (not spent), by type (input, output).',
      labelNames: ['agent', 'provider', 'model', 'type'],
      registers,
    });
    this.cacheStatus = options.cacheStatus;
    this.toolCalls = new Counter({
      name: `${p}tool_calls_total`,
      help: 'Tool calls, by outcome (ok, error).',
      labelNames: ['agent', 'tool', 'status'],
      registers,
    });
    this.toolDuration = new Histogram({
      name: `${p}tool_call_duration_seconds`,
      help: 'Duration of tool calls.',
      labelNames: ['agent', 'tool'],
      buckets: b.tool ?? TOOL_BUCKETS,
      registers,
    });
    this.stepDuration = new Histogram({
      name: `${p}step_duration_seconds`,
      help: 'Duration of workflow steps, by outcome (ok, error).',
      labelNames: ['workflow', 'step', 'status'],
      buckets: b.step ?? RUN_BUCKETS,
      registers,
    });
    registerSourceMetrics(p, registers, this.caches, this.limiters);
  }

  /** Feeds the metrics from an agent's events from now on. Returns a function that stops. */
  observe(agent: Agent): () => void {
    const name = agent.name;
    const completed = this.runs.labels(name, 'completed');
    const paused = this.runs.labels(name, 'paused');
    const errored = this.runs.labels(name, 'error');
    // Series exist from the start (at 0), so that rates and ratios work before the first event.
    completed.inc(0);
    paused.inc(0);
    errored.inc(0);
    const durCompleted = this.runDuration.labels(name, 'completed');
    const durPaused = this.runDuration.labels(name, 'paused');
    const durErrored = this.runDuration.labels(name, 'error');
    const inFlight = this.inFlight.labels(name);
    inFlight.set(0);
    const started = new Set<string>();
    // With a cache-status reader: the request of each run's model call in flight.
    const cacheStatus = this.cacheStatus;
    const requests = cacheStatus === undefined ? undefined : new Map<string, ModelRequest>();
    const finished = (runId: string) => {
      if (started.delete(runId)) inFlight.dec();
      requests?.delete(runId);
    };
    const errorsByCode = new Map<string, Counter.Internal>();
    const byTool = new Map<
      string,
      {
        ok: Counter.Internal;
        error: Counter.Internal;
        duration: Histogram.Internal<'agent' | 'tool'>;
      }
    >();
    let modelKey = '';
    let modelDuration: Histogram.Internal<'agent' | 'provider' | 'model'> | undefined;
    let inputTokens: Counter.Internal | undefined;
    let outputTokens: Counter.Internal | undefined;
    let cachedInput: Counter.Internal | undefined;
    let cachedOutput: Counter.Internal | undefined;
    const modelSeries = () => {
      const m = agent.model;
      const key = `${m.provider}\u0000${m.modelId}`;
      if (key !== modelKey) {
        modelKey = key;
        modelDuration = this.modelDuration.labels(name, m.provider, m.modelId);
        inputTokens = this.tokens.labels(name, m.provider, m.modelId, 'input');
        outputTokens = this.tokens.labels(name, m.provider, m.modelId, 'output');
        cachedInput = this.cachedTokens.labels(name, m.provider, m.modelId, 'input');
        cachedOutput = this.cachedTokens.labels(name, m.provider, m.modelId, 'output');
      }
    };
    const events = agent.events;
    const offs = [
      events.on('run-started', (e) => {
        started.add(e.runId);
        inFlight.inc();
      }),
      events.on('run-completed', (e) => {
        completed.inc();
        durCompleted.observe(e.result.timings.totalMs / 1000);
        finished(e.runId);
      }),
      events.on('run-paused', (e) => {
        paused.inc();
        durPaused.observe(e.result.timings.totalMs / 1000);
        finished(e.runId);
      }),
      events.on('run-error', (e) => {
        errored.inc();
        durErrored.observe(e.partial.timings.totalMs / 1000);
        const code = e.error.code;
        let c = errorsByCode.get(code);
        if (c === undefined) errorsByCode.set(code, (c = this.runErrors.labels(name, code)));
        c.inc();
        finished(e.runId);
      }),
      events.on('model-call-completed', (e) => {
        modelSeries();
        modelDuration!.observe(e.durationMs / 1000);
        const usage = e.usage;
        const request = requests?.get(e.runId);
        if (request !== undefined) requests!.delete(e.runId);
        if (usage === undefined) return;
        // A cache marks what it served (`cached`); a `cacheStatus` reader covers caches that do not.
        const cached = e.cached === true || (request !== undefined && cacheStatus!(request) === 'hit');
        if (usage.inputTokens > 0) (cached ? cachedInput : inputTokens)!.inc(usage.inputTokens);
        if (usage.outputTokens > 0) (cached ? cachedOutput : outputTokens)!.inc(usage.outputTokens);
      }),
      events.on('tool-call-completed', (e) => {
        const tool = e.toolCall.name;
        let t = byTool.get(tool);
        if (t === undefined) {
          t = {
            ok: this.toolCalls.labels(name, tool, 'ok'),
            error: this.toolCalls.labels(name, tool, 'error'),
            duration: this.toolDuration.labels(name, tool),
          };
          t.ok.inc(0);
          t.error.inc(0);
          byTool.set(tool, t);
        }
        (e.isError ? t.error : t.ok).inc();
        t.duration.observe(e.durationMs / 1000);
      }),
    ];
    if (requests !== undefined) {
      offs.push(events.on('model-call-started', (e) => void requests.set(e.runId, e.request)));
    }
    return () => {
      for (const off of offs) off();
      started.clear();
      requests?.clear();
    };
  }

  /**
   * Reports a response cache's counters under `cache="<name>"`, read from `stats()` at
   * scrape time. Do not call `resetStats()` on an observed cache: what it counted since
   * the previous scrape would be lost. Returns a function that stops reporting it.
   */
  observeCache(name: string, source: CacheStatsSource): () => void {
    const s = source.stats();
    this.caches.set(name, {
      source,
      last: {
        hits: s.hits,
        misses: s.misses,
        savedTokens: s.savedTokens,
        savedMs: s.savedMs,
        backendErrors: s.backendErrors,
      },
    });
    return () => {
      if (this.caches.get(name)?.source === source) this.caches.delete(name);
    };
  }

  /**
   * Reports a limiter (a `Limiter` of `@agno/runtime`, such as `limitModel(...).limiter`, or
   * anything with the same `stats()` shape) under `limiter="<name>"`: slots held, queue length, rejections and abandoned waits, read at
   * scrape time. Returns a function that stops reporting it.
   */
  observeLimiter(name: string, source: LimiterStatsSource): () => void {
    const s = source.stats();
    this.limiters.set(name, { source, last: { rejected: s.rejected, aborted: s.aborted } });
    return () => {
      if (this.limiters.get(name)?.source === source) this.limiters.delete(name);
    };
  }

  /** Runs `fn` as a workflow step, observing its duration; a throw is counted as `error` and rethrown. */
  async timeStep<T>(workflow: string, step: string, fn: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    let status = 'ok';
    try {
      return await fn();
    } catch (error) {
      status = errorType(error) === 'aborted' ? 'aborted' : 'error';
      throw error;
    } finally {
      this.stepDuration.labels(workflow, step, status).observe((performance.now() - start) / 1000);
    }
  }

  /** The exposition text of the registry (what `/metrics` serves). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
