import { Agent, ModelError, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { cachedModel, cacheStatusOf } from '@agno/runtime';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { instrumentAgent } from './agent-tracing.js';
import { useTestTracer } from './fixtures/test-tracer.js';
import { traceStep, traceWorkflow } from './step-tracing.js';

const { exporter, provider, tracer } = useTestTracer();

const spans = () => exporter.getFinishedSpans();
const named = (prefix: string) => spans().filter((s) => s.name.startsWith(prefix));
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

const lookup: Tool<{ city: string }> = {
  name: 'lookup',
  description: 'looks a city up',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  execute: ({ city }) => `${city}: 21°C`,
};

function weatherAgent(model?: ScriptedModel) {
  return new Agent({
    name: 'weather',
    instructions: 'You answer weather questions.',
    model:
      model ??
      new ScriptedModel({
        turns: [
          { toolCalls: [{ name: 'lookup', args: { city: 'Oslo' }, id: 'call_1' }] },
          'It is 21°C in Oslo.',
        ],
      }),
    tools: [lookup],
  });
}

describe('instrumentAgent', () => {
  it('creates run, chat and tool spans with the GenAI attribute names', async () => {
    const agent = weatherAgent();
    instrumentAgent(agent, { tracer });
    const result = await agent.run('Weather in Oslo?', { sessionId: 'session-7', maxTokens: 200 });

    const [run] = named('invoke_agent');
    const chats = named('chat');
    const [tool] = named('execute_tool');
    expect(run!.name).toBe('invoke_agent weather');
    expect(run!.kind).toBe(SpanKind.INTERNAL);
    expect(run!.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather',
      'gen_ai.provider.name': 'mock',
      'gen_ai.system': 'mock',
      'gen_ai.request.model': 'scripted',
      'gen_ai.conversation.id': 'session-7',
      'gen_ai.usage.input_tokens': result.usage.inputTokens,
      'gen_ai.usage.output_tokens': result.usage.outputTokens,
      'agno.run.id': result.runId,
      'agno.run.status': 'completed',
      'agno.run.model_calls': 2,
      'agno.run.tool_calls': 1,
    });
    expect(chats.map((c) => c.name)).toEqual(['chat scripted', 'chat scripted']);
    expect(chats[0]!.kind).toBe(SpanKind.CLIENT);
    expect(chats[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'agno.model_call.round': 0,
    });
    expect(chats[1]!.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    const chatTokens = chats.reduce((n, c) => n + (c.attributes['gen_ai.usage.output_tokens'] as number), 0);
    expect(chatTokens).toBe(result.usage.outputTokens);
    expect(tool!.name).toBe('execute_tool lookup');
    expect(tool!.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
    });
    for (const child of [...chats, tool!]) {
      expect(parentOf(child)).toBe(run!.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(run!.spanContext().traceId);
    }
    expect(spans().every((s) => s.status.code !== SpanStatusCode.ERROR)).toBe(true);
  });

  it('records no prompt, reply or tool data unless asked', async () => {
    const agent = weatherAgent();
    instrumentAgent(agent, { tracer });
    await agent.run('Weather in Oslo? my api_key=sk-live-abcdefghijk');
    const dump = JSON.stringify(spans().map((s) => s.attributes));
    expect(dump).not.toContain('Weather in Oslo');
    expect(dump).not.toContain('sk-live');
    expect(dump).not.toContain('answer weather questions');
    expect(dump).not.toContain('21°C');
    expect(dump).not.toContain('Oslo');
  });

  it('records content, with secrets redacted, when recordContent is on', async () => {
    const agent = weatherAgent();
    instrumentAgent(agent, { tracer, recordContent: true });
    await agent.run('Weather in Oslo? my api_key=sk-live-abcdefghijk');
    const [first] = named('chat');
    expect(first!.attributes['gen_ai.system_instructions']).toContain('You answer weather questions.');
    const input = JSON.parse(first!.attributes['gen_ai.input.messages'] as string);
    expect(input[0].role).toBe('user');
    expect(input[0].parts[0].content).toContain('Weather in Oslo?');
    expect(JSON.stringify(spans().map((s) => s.attributes))).not.toContain('sk-live-abcdefghijk');
    const output = JSON.parse(first!.attributes['gen_ai.output.messages'] as string);
    expect(output[0].parts[0]).toMatchObject({
      type: 'tool_call',
      name: 'lookup',
      arguments: { city: 'Oslo' },
    });
    const [tool] = named('execute_tool');
    expect(tool!.attributes['gen_ai.tool.call.arguments']).toBe('{"city":"Oslo"}');
    expect(tool!.attributes['gen_ai.tool.call.result']).toBe('Oslo: 21°C');
  });

  it('marks a failed run and its failed model call with error.type', async () => {
    const agent = weatherAgent(
      new ScriptedModel({
        respond: { error: new ModelError('upstream said no', { code: 'overloaded', status: 529 }) },
      }),
    );
    instrumentAgent(agent, { tracer });
    await expect(agent.run('hi')).rejects.toMatchObject({ code: 'overloaded' });
    const [run] = named('invoke_agent');
    const [chat] = named('chat');
    for (const span of [run!, chat!]) {
      expect(span.attributes['error.type']).toBe('overloaded');
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'upstream said no' });
    }
    expect(run!.attributes['agno.run.status']).toBe('error');
    expect(parentOf(chat!)).toBe(run!.spanContext().spanId);
  });

  it('marks a failed tool call without failing the run', async () => {
    const agent = new Agent({
      name: 'fragile',
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'explode', args: {} }] }, 'sorry'] }),
      tools: [
        {
          name: 'explode',
          description: 'fails',
          parameters: { type: 'object' },
          execute: () => {
            throw new Error('disk full at /home/user/secret-notes');
          },
        },
      ],
    });
    instrumentAgent(agent, { tracer });
    await agent.run('do it');
    const [tool] = named('execute_tool');
    expect(tool!.attributes['error.type']).toBe('tool_error');
    expect(tool!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'tool_error' });
    expect(named('invoke_agent')[0]!.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('marks a run a guardrail blocked', async () => {
    const agent = new Agent({
      name: 'guarded',
      model: new ScriptedModel({ respond: 'never' }),
      hooks: { beforeModelCall: () => ({ block: 'off topic' }) },
    });
    instrumentAgent(agent, { tracer });
    await expect(agent.run('x')).rejects.toMatchObject({ code: 'blocked' });
    expect(named('chat')).toHaveLength(0);
    expect(named('invoke_agent')[0]!.attributes['error.type']).toBe('blocked');
  });

  it('nests runs under the active workflow and step spans', async () => {
    const agent = weatherAgent();
    instrumentAgent(agent, { tracer });
    await traceWorkflow(
      'trip-planner',
      () => traceStep('forecast', () => agent.run('Oslo?'), { tracer, workflow: 'trip-planner' }),
      {
        tracer,
      },
    );
    const [workflow] = named('invoke_workflow');
    const [step] = named('step');
    const [run] = named('invoke_agent');
    expect(workflow!.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'trip-planner',
    });
    expect(step!.attributes).toMatchObject({
      'agno.step.name': 'forecast',
      'gen_ai.workflow.name': 'trip-planner',
    });
    expect(parentOf(step!)).toBe(workflow!.spanContext().spanId);
    expect(parentOf(run!)).toBe(step!.spanContext().spanId);
  });

  it('marks a failed step and rethrows', async () => {
    await expect(
      traceStep(
        'load',
        () => {
          throw new ModelError('timed out', { code: 'timeout' });
        },
        { tracer },
      ),
    ).rejects.toThrow('timed out');
    const [step] = named('step');
    expect(step!.attributes['error.type']).toBe('timeout');
    expect(step!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('traces streaming runs and continued runs', async () => {
    const agent = new Agent({
      name: 'careful',
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'pay', args: { amount: 5 }, id: 'pay_1' }] }, 'paid'],
      }),
      tools: [
        {
          name: 'pay',
          description: 'pays',
          parameters: { type: 'object' },
          requiresConfirmation: true,
          execute: () => 'ok',
        },
      ],
    });
    instrumentAgent(agent, { tracer });
    const stream = agent.stream('pay 5');
    for await (const _ of stream) {
    }
    const paused = await stream.result;
    expect(paused.status).toBe('paused');
    const first = named('invoke_agent');
    expect(first).toHaveLength(1);
    expect(first[0]!.attributes['agno.run.status']).toBe('paused');
    const done = await agent.continueRun(paused.paused!, { pay_1: { approved: true } });
    expect(done.text).toBe('paid');
    const runs = named('invoke_agent');
    expect(runs).toHaveLength(2);
    expect(runs[1]!.attributes).toMatchObject({
      'agno.run.status': 'completed',
      'agno.run.id': paused.runId,
    });
    const [tool] = named('execute_tool');
    expect(parentOf(tool!)).toBe(runs[1]!.spanContext().spanId);
  });

  it('stops on detach and gives the agent its hooks back', async () => {
    const agent = weatherAgent();
    const detach = instrumentAgent(agent, { tracer });
    expect(agent.hooks).toBeDefined();
    detach();
    expect(agent.hooks).toBeUndefined();
    await agent.run('Oslo?');
    expect(spans()).toHaveLength(0);
  });

  it('writes the cache status of each model call when given cacheStatusOf', async () => {
    const agent = new Agent({ name: 'cached', model: cachedModel(new ScriptedModel({ respond: 'same' })) });
    instrumentAgent(agent, { tracer, cacheStatus: cacheStatusOf });
    await agent.run('q');
    await agent.run('q');
    expect(named('chat').map((s) => s.attributes['agno.cache.status'])).toEqual(['miss', 'hit']);
  });

  it('makes no spans without an SDK, and starts as soon as one is registered', async () => {
    const agent = weatherAgent();
    instrumentAgent(agent);
    const result = await agent.run('Oslo?');
    expect(result.text).toBe('It is 21°C in Oslo.');
    expect(trace.getTracer('x').startSpan('probe').isRecording()).toBe(false);
    expect(spans()).toHaveLength(0);
    trace.setGlobalTracerProvider(provider);
    try {
      await agent.run('Oslo?');
      expect(named('invoke_agent')).toHaveLength(1);
      expect(named('chat')).toHaveLength(2);
      expect(named('execute_tool')).toHaveLength(1);
    } finally {
      trace.disable();
    }
  });
});
