/**
 * Production: a response cache and a concurrency limit in front of the model (core's model
 * middleware), OpenTelemetry spans for runs, model calls and tool calls, and Prometheus metrics
 * served on /metrics, all on one agent under concurrent traffic.
 * Run: node scripts/examples.mjs production
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, wrapModel } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { instrumentAgent } from '@agno/observability';
import { AgentMetrics, metricsHandler } from '@agno/observability/prometheus';
import { cacheMiddleware, cacheStatusOf, limitMiddleware } from '@agno/runtime';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';

// Tracing: any OpenTelemetry SDK (in production @opentelemetry/sdk-node with an OTLP exporter);
// this one keeps spans in memory so that the example can print them.
const spans = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

// The model: a cache in front (a hit never waits for a slot), then at most 2 calls in flight.
const cache = cacheMiddleware({ ttlMs: 10 * 60_000, maxEntries: 5_000 });
const limit = limitMiddleware({ limit: 2, maxQueue: 100 });
const model = wrapModel(
  new ScriptedModel({
    respond: (request) => ({ text: `Answer to "${request.messages.at(-1)?.content}"`, delayMs: 20 }),
  }),
  [cache, limit],
);
const agent = new Agent({ name: 'faq', model, instructions: 'Answer from the FAQ.' });
instrumentAgent(agent, { cacheStatus: cacheStatusOf });

const registry = new Registry();
const metrics = new AgentMetrics({ registry, cacheStatus: cacheStatusOf });
metrics.observe(agent);
metrics.observeCache('faq', cache);
metrics.observeLimiter('faq-model', limit.limiter);
const server = createServer(metricsHandler(registry)).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));

// Traffic: 6 concurrent runs over 3 distinct questions, then the same 3 again.
const questions = ['opening hours?', 'refund policy?', 'shipping time?'];
await Promise.all([...questions, ...questions].map((q) => agent.run(q)));
await Promise.all(questions.map((q) => agent.run(q)));

const { hits, misses, coalesced } = cache.stats();
console.log(`cache: ${misses} misses, ${hits} hits, ${coalesced} coalesced`);
console.log(`limiter: at most ${limit.limiter.stats().maxActive} model calls at once`);

const names = spans
  .getFinishedSpans()
  .map((s) => `${s.name} (${s.attributes['agno.cache.status'] ?? 'run'})`);
console.log(`spans: ${names.length}, e.g. ${[...new Set(names)].sort().join(', ')}`);

const { port } = server.address() as AddressInfo;
const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
for (const line of text.split('\n')) {
  if (/^agno_(runs_total\{.*completed|cache_requests_total)/.test(line)) console.log(`metric ${line}`);
}
server.close();
await agent.close();
