/**
 * Loads `@agno/observability/prometheus` and the `prom-client` it runs on, lazily: both are
 * optional peers of `@agno/server`. `prom-client` is resolved from `@agno/observability`'s own
 * location, so the server's metrics share the one copy that `AgentMetrics` registers with.
 */
import { createRequire } from 'node:module';
import { ConfigError, errorMessage } from '@agno/core';

type Observability = typeof import('@agno/observability/prometheus');

/** A prom-client registry (the type `AgentMetrics` uses). */
export type Registry = InstanceType<Observability['AgentMetrics']>['registry'];

/** What a labelled counter or gauge child offers. */
interface Child {
  inc(value?: number): void;
  observe(value: number): void;
  set(value: number): void;
}

/** The part of a prom-client metric the server uses. */
export interface PromMetric {
  labels(...values: string[]): Child;
  set(value: number): void;
}

/** Settings of a prom-client metric. */
export interface PromMetricConfig {
  name: string;
  help: string;
  labelNames?: string[];
  buckets?: number[];
  registers: Registry[];
  collect?: (this: PromMetric) => void;
}

/** The prom-client classes the server uses. */
export interface PromClient {
  Registry: new () => Registry;
  Counter: new (config: PromMetricConfig) => PromMetric;
  Gauge: new (config: PromMetricConfig) => PromMetric;
  Histogram: new (config: PromMetricConfig) => PromMetric;
}

/** The loaded modules. */
export interface Prometheus {
  observability: Observability;
  client: PromClient;
}

let loading: Promise<Prometheus> | undefined;

/** Loads both modules once; a `ConfigError` says what to install when one is missing. */
export function loadPrometheus(): Promise<Prometheus> {
  loading ??= (async () => {
    let observability: Observability;
    try {
      observability = await import('@agno/observability/prometheus');
    } catch (error) {
      loading = undefined;
      throw new ConfigError(
        `metrics need @agno/observability and prom-client: install them (npm install @agno/observability prom-client); loading failed: ${errorMessage(error)}`,
      );
    }
    const fromServer = createRequire(import.meta.url);
    const fromObservability = createRequire(fromServer.resolve('@agno/observability/package.json'));
    return { observability, client: fromObservability('prom-client') as PromClient };
  })();
  return loading;
}
