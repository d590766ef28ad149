/**
 * A profiler per agent and operation: runs, model calls, tool calls and any step you wrap,
 * with time, heap delta, tokens and cache hits; a report of the slowest operations and of
 * the bottlenecks whose average time is above a threshold.
 *
 * Attach it to an agent (it listens to the agent's events and adds model-call hooks), and
 * wrap other work with {@link Profiler.measure}. Heap deltas are process-wide: they are
 * meaningful for operations that do not overlap, noisy under concurrency.
 */
import { getHeapStatistics } from 'node:v8';
import type { Agent, AgnoError, Model, ModelRequest } from '@agno/core';
import { type CacheStatus, cacheStatusOf } from './cache-options.js';
import { percentile } from './percentiles.js';
import { formatProfile } from './profile-format.js';
import type {
  Bottleneck,
  MeasureOptions,
  OperationKind,
  OperationStats,
  ProfileReport,
  ProfilerOptions,
  ProfileSample,
  ProfileTimer,
} from './profile-types.js';
import { type CacheCode, SampleRing } from './sample-ring.js';

interface Group {
  agent: string;
  operation: OperationKind;
  name: string;
  count: number;
  totalMs: number;
  maxMs: number;
  heapTotal: number;
  tokens: number;
  cacheHits: number;
  cacheMisses: number;
  errors: number;
}

interface Open {
  start: number;
  heap: number | undefined;
  /** Model calls: the request (for the cache status). */
  request: ModelRequest | undefined;
}

interface RunState {
  run: Open;
  model: Open | undefined;
}

class Timer implements ProfileTimer {
  private done = false;
  constructor(
    private readonly profiler: Profiler,
    private readonly agent: string,
    private readonly operation: OperationKind,
    private readonly name: string,
    private readonly open: Open,
    private readonly tokens: number,
  ) {}

  end(extra?: { tokens?: number; error?: string; cache?: CacheStatus }): void {
    if (this.done) return;
    this.done = true;
    this.profiler.finish(this.agent, this.operation, this.name, this.open, {
      tokens: extra?.tokens ?? this.tokens,
      error: extra?.error,
      cache: extra?.cache,
    });
  }
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as AgnoError).code === 'string') {
    return (error as AgnoError).code;
  }
  return error instanceof Error ? error.name : 'error';
}

/** Records operations and reports on them. */
export class Profiler {
  private readonly heap: boolean;
  private readonly maxSamples: number;
  private readonly ring: SampleRing<Group>;
  /** Groups by agent, then operation, then name (no key strings built per sample). */
  private readonly groups = new Map<string, Map<string, Map<string, Group>>>();
  private readonly groupList: Group[] = [];

  constructor(options: ProfilerOptions = {}) {
    this.heap = options.heap ?? true;
    this.maxSamples = Math.max(1, Math.floor(options.maxSamples ?? 10_000));
    this.ring = new SampleRing(this.maxSamples);
  }

  private open(request?: ModelRequest): Open {
    return {
      start: performance.now(),
      heap: this.heap ? getHeapStatistics().used_heap_size : undefined,
      request,
    };
  }

  /**
   * Profiles an agent's runs, model calls and tool calls from now on. Returns a function
   * that stops. A model call is timed from a before-hook added after the agent's own to the
   * model-call-completed event.
   */
  attach(agent: Agent): () => void {
    const runs = new Map<string, RunState>();
    const tools = new Map<string, Open>();
    const name = agent.name;
    const state = (runId: string): RunState => {
      let s = runs.get(runId);
      if (s === undefined) runs.set(runId, (s = { run: this.open(), model: undefined }));
      return s;
    };
    let named: Model | undefined;
    let label = '';
    const modelName = () => {
      const model = agent.model;
      if (model !== named) {
        named = model;
        label = `${model.provider}/${model.modelId}`;
      }
      return label;
    };
    const endRun = (runId: string, tokens: number, error: string | undefined) => {
      const s = runs.get(runId);
      if (s === undefined) return;
      runs.delete(runId);
      if (s.model !== undefined) {
        this.finish(name, 'model', modelName(), s.model, {
          tokens: 0,
          error: error ?? 'aborted',
          cache: cacheStatusOf(s.model.request!),
        });
      }
      this.finish(name, 'run', name, s.run, { tokens, error, cache: undefined });
    };
    const offs = [
      agent.events.on('run-started', (e) => void state(e.runId)),
      agent.events.on('tool-call-started', (e) => {
        state(e.runId);
        tools.set(e.toolCall.id, this.open());
      }),
      agent.events.on('tool-call-completed', (e) => {
        const open = tools.get(e.toolCall.id);
        if (open === undefined) return;
        tools.delete(e.toolCall.id);
        this.finish(name, 'tool', e.toolCall.name, open, {
          tokens: 0,
          error: e.isError ? (e.errorCode ?? 'tool_error') : undefined,
          cache: undefined,
        });
      }),
      agent.events.on('run-completed', (e) => endRun(e.runId, e.result.usage.totalTokens, undefined)),
      agent.events.on('run-paused', (e) => endRun(e.runId, e.result.usage.totalTokens, undefined)),
      agent.events.on('run-error', (e) => endRun(e.runId, e.partial.usage.totalTokens, e.error.code)),
    ];
    // The model call ends on the model-call-completed event (it carries the usage): an
    // after-hook would cost core an extra await per model call.
    offs.push(
      agent.events.on('model-call-completed', (e) => {
        const s = runs.get(e.runId);
        const open = s?.model;
        if (open === undefined) return;
        s!.model = undefined;
        this.finish(name, 'model', modelName(), open, {
          tokens: e.usage?.totalTokens ?? 0,
          error: undefined,
          cache: cacheStatusOf(open.request!),
        });
      }),
    );
    const detachHooks = agent.addHooks({
      beforeModelCall: (ctx) => {
        const s = state(ctx.runId);
        s.model = this.open(ctx.request);
      },
    });
    return () => {
      for (const off of offs) off();
      detachHooks();
      runs.clear();
      tools.clear();
    };
  }

  /**
   * Measures `fn` as one operation of `agent` (a step of a workflow, a retrieval...).
   * A throw is recorded with its error code and rethrown.
   */
  async measure<T>(
    agent: string,
    operation: OperationKind,
    fn: () => T | Promise<T>,
    options: MeasureOptions = {},
  ): Promise<T> {
    const open = this.open();
    const name = options.name ?? operation;
    try {
      const value = await fn();
      this.finish(agent, operation, name, open, {
        tokens: options.tokens ?? 0,
        error: undefined,
        cache: undefined,
      });
      return value;
    } catch (error) {
      this.finish(agent, operation, name, open, {
        tokens: options.tokens ?? 0,
        error: codeOf(error),
        cache: undefined,
      });
      throw error;
    }
  }

  /** Starts measuring an operation; call `end()` on the result when it is done. */
  start(agent: string, operation: OperationKind, options: MeasureOptions = {}): ProfileTimer {
    return new Timer(this, agent, operation, options.name ?? operation, this.open(), options.tokens ?? 0);
  }

  /** @internal Records a finished operation. */
  finish(
    agent: string,
    operation: OperationKind,
    name: string,
    open: Open,
    extra: { tokens: number; error: string | undefined; cache: CacheStatus | undefined },
  ): void {
    const durationMs = performance.now() - open.start;
    const heapDeltaBytes =
      open.heap === undefined ? undefined : getHeapStatistics().used_heap_size - open.heap;
    const cache: CacheCode =
      extra.cache === undefined ? 0 : extra.cache === 'hit' ? 1 : extra.cache === 'miss' ? 2 : 3;
    const g = this.group(agent, operation, name);
    this.ring.push(g, durationMs, heapDeltaBytes ?? Number.NaN, extra.tokens, cache, extra.error);
    g.count++;
    g.totalMs += durationMs;
    if (durationMs > g.maxMs) g.maxMs = durationMs;
    g.heapTotal += heapDeltaBytes ?? 0;
    g.tokens += extra.tokens;
    if (extra.cache === 'hit') g.cacheHits++;
    else if (extra.cache === 'miss') g.cacheMisses++;
    if (extra.error !== undefined) g.errors++;
  }

  private group(agent: string, operation: string, name: string): Group {
    let byOperation = this.groups.get(agent);
    if (byOperation === undefined) this.groups.set(agent, (byOperation = new Map()));
    let byName = byOperation.get(operation);
    if (byName === undefined) byOperation.set(operation, (byName = new Map()));
    let g = byName.get(name);
    if (g === undefined) {
      g = {
        agent,
        operation,
        name,
        count: 0,
        totalMs: 0,
        maxMs: 0,
        heapTotal: 0,
        tokens: 0,
        cacheHits: 0,
        cacheMisses: 0,
        errors: 0,
      };
      byName.set(name, g);
      this.groupList.push(g);
    }
    return g;
  }

  private sampleAt(k: number): ProfileSample {
    const r = this.ring.at(k);
    return {
      agent: r.group.agent,
      operation: r.group.operation,
      name: r.group.name,
      durationMs: r.durationMs,
      heapDeltaBytes: r.heapDeltaBytes,
      tokens: r.tokens,
      cache: r.cache,
      error: r.error,
      endedAt: r.endedAt,
    };
  }

  /** The retained samples, oldest first. */
  samples(): ProfileSample[] {
    const out: ProfileSample[] = [];
    for (let k = 0; k < this.ring.length; k++) out.push(this.sampleAt(k));
    return out;
  }

  /** Figures per (agent, operation, name), slowest average first. */
  stats(): OperationStats[] {
    const durations = this.ring.durationsByGroup();
    const out: OperationStats[] = [];
    for (const g of this.groupList) {
      const sorted = (durations.get(g) ?? []).sort((a, b) => a - b);
      out.push({
        agent: g.agent,
        operation: g.operation,
        name: g.name,
        count: g.count,
        totalMs: g.totalMs,
        avgMs: g.totalMs / g.count,
        p95Ms: percentile(sorted, 95),
        maxMs: g.maxMs,
        avgHeapDeltaBytes: g.heapTotal / g.count,
        tokens: g.tokens,
        cacheHits: g.cacheHits,
        cacheMisses: g.cacheMisses,
        errors: g.errors,
      });
    }
    return out.sort((a, b) => b.avgMs - a.avgMs);
  }

  /** The `n` slowest retained samples, slowest first. */
  slowest(n = 10): ProfileSample[] {
    return this.ring.slowest(n).map((k) => this.sampleAt(k));
  }

  /** Groups whose average time is above `thresholdMs`; `high` above twice the threshold. */
  bottlenecks(thresholdMs: number): Bottleneck[] {
    const out: Bottleneck[] = [];
    for (const s of this.stats()) {
      if (s.avgMs <= thresholdMs) continue;
      out.push({
        agent: s.agent,
        operation: s.operation,
        name: s.name,
        avgMs: s.avgMs,
        maxMs: s.maxMs,
        count: s.count,
        avgHeapDeltaBytes: s.avgHeapDeltaBytes,
        severity: s.avgMs > thresholdMs * 2 ? 'high' : 'medium',
      });
    }
    return out;
  }

  /** Operations, the `top` slowest samples and the bottlenecks above `thresholdMs` (default 1000). */
  report(options: { top?: number; thresholdMs?: number } = {}): ProfileReport {
    const thresholdMs = options.thresholdMs ?? 1000;
    return {
      operations: this.stats(),
      slowest: this.slowest(options.top ?? 10),
      bottlenecks: this.bottlenecks(thresholdMs),
      thresholdMs,
    };
  }

  /** A plain-text rendering of {@link report}. */
  format(options: { top?: number; thresholdMs?: number } = {}): string {
    return formatProfile(this.report(options));
  }

  /** Forgets every sample and figure. */
  reset(): void {
    this.ring.clear();
    this.groups.clear();
    this.groupList.length = 0;
  }
}
