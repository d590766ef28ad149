/**
 * @agno/observability: OpenTelemetry spans for agent runs, model calls, tool calls and
 * workflow steps, named after the GenAI semantic conventions. Prometheus metrics live in
 * the `@agno/observability/prometheus` entry point (it needs the optional `prom-client`).
 */
export { instrumentAgent, TRACER_NAME, type TracingOptions } from './agent-tracing.js';
export { errorType } from './error-type.js';
export { type ModelTracingOptions, tracingMiddleware } from './model-tracing.js';
export * from './semconv.js';
export { type SpanOptions, traceStep, traceWorkflow } from './step-tracing.js';
