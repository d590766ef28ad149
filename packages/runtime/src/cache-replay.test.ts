import {
  Agent,
  type Model,
  type ModelCallCompletedEvent,
  type ModelRequest,
  type ModelResponse,
} from '@agno/core';
import { describe, expect, it } from 'vitest';
import { cachedModel } from './index.js';

/** A model whose replies carry provider data the next turn must send back (reasoning, thinking). */
function reasoningModel(): Model & { calls: number } {
  const reply: ModelResponse = {
    text: 'forty-two',
    finishReason: 'stop',
    usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
    providerData: { acme: { reasoning: [{ id: 'rs_1', encrypted: 'opaque' }] } },
  };
  return {
    provider: 'acme',
    modelId: 'thinker',
    calls: 0,
    async generate(_request: ModelRequest) {
      this.calls++;
      return structuredClone(reply);
    },
    async *stream(_request: ModelRequest) {
      this.calls++;
      yield { type: 'text-delta', text: reply.text };
      yield {
        type: 'finish',
        finishReason: 'stop',
        usage: reply.usage,
        providerData: structuredClone(reply.providerData),
      };
    },
  };
}

describe('a cached reply', () => {
  it('keeps its provider data and says it came from the cache, in runs and streams', async () => {
    for (const mode of ['run', 'stream'] as const) {
      const inner = reasoningModel();
      const agent = new Agent({ model: cachedModel(inner) });
      const completed: ModelCallCompletedEvent[] = [];
      agent.events.on('model-call-completed', (e) => completed.push(e));
      const go = () =>
        mode === 'run' ? agent.run('meaning of life?') : agent.stream('meaning of life?').result;
      const first = await go();
      const second = await go();
      expect(inner.calls).toBe(1);
      expect(completed.map((e) => e.cached === true)).toEqual([false, true]);
      const assistant = (r: typeof first) => r.messages.find((m) => m.role === 'assistant');
      expect(assistant(second)).toMatchObject({ providerData: { acme: { reasoning: [{ id: 'rs_1' }] } } });
      expect(assistant(second)).toEqual(assistant(first));
    }
  });
});
