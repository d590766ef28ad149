import { Agent, ModelError, type ModelRequest, wrapModel } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { cacheMiddleware, cacheStatusOf, limitMiddleware } from '@agno/runtime';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useTestTracer } from './fixtures/test-tracer.js';
import { tracingMiddleware } from './model-tracing.js';

const { exporter, tracer } = useTestTracer();

const chats = () => exporter.getFinishedSpans().filter((s) => s.name.startsWith('chat '));
const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

describe('tracingMiddleware', () => {
  it('makes a chat span per call with the GenAI attributes, under the active span', async () => {
    const model = wrapModel(new ScriptedModel({ respond: 'Paris.' }), tracingMiddleware({ tracer }));
    const parent = tracer.startSpan('request');
    await context.with(trace.setSpan(context.active(), parent), () =>
      model.generate(ask('Capital of France?', { maxTokens: 50, temperature: 0 })),
    );
    parent.end();
    const [span] = chats();
    expect(span!.name).toBe('chat scripted');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'mock',
      'gen_ai.request.model': 'scripted',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(span!.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(span!.attributes['gen_ai.input.messages']).toBeUndefined(); // no content by default
  });

  it('traces an agent stream through the cache and the limit: misses and hits apart', async () => {
    const base = new ScriptedModel({ respond: 'Streamed reply.' });
    const model = wrapModel(base, [
      tracingMiddleware({ tracer, cacheStatus: cacheStatusOf, recordContent: true }),
      limitMiddleware({ limit: 2 }),
      cacheMiddleware(),
    ]);
    const agent = new Agent({ name: 'streamer', model });
    for (let i = 0; i < 2; i++) {
      let text = '';
      for await (const e of agent.stream('Say it')) if (e.type === 'text-delta') text += e.text;
      expect(text).toBe('Streamed reply.');
    }
    expect(base.calls).toBe(1);
    const spans = chats();
    expect(spans.map((s) => s.attributes['agno.cache.status'])).toEqual(['miss', 'hit']);
    for (const s of spans) {
      expect(s.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
      expect(String(s.attributes['gen_ai.output.messages'])).toContain('Streamed reply.');
    }
  });

  it('marks a failed call with its error code and redacts the message', async () => {
    const failing = new ScriptedModel({
      respond: {
        error: new ModelError('bad key sk-abcdefghijklmnopqrstuvwxyz123456', { code: 'auth_error' }),
      },
    });
    const model = wrapModel(failing, tracingMiddleware({ tracer }));
    await expect(model.generate(ask('hi'))).rejects.toMatchObject({ code: 'auth_error' });
    const [span] = chats();
    expect(span!.attributes['error.type']).toBe('auth_error');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.status.message).not.toContain('sk-abcdefghijklmnopqrstuvwxyz123456');
  });

  it('ends the span of a stream its reader abandons', async () => {
    const model = wrapModel(new ScriptedModel({ respond: 'a long reply in many parts', chunkSize: 2 }), [
      tracingMiddleware({ tracer }),
    ]);
    for await (const e of model.stream(ask('go'))) if (e.type === 'text-delta') break;
    expect(chats()).toHaveLength(1);
  });

  it('makes no span without an SDK and passes calls through', async () => {
    const model = wrapModel(new ScriptedModel({ respond: 'ok' }), tracingMiddleware());
    expect((await model.generate(ask('q'))).text).toBe('ok');
    expect(chats()).toHaveLength(0);
  });
});
