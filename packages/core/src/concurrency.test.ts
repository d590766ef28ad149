import { describe, expect, it } from 'vitest';
import { ScriptedModel, sleep } from './fixtures/index.js';
import { Agent, InMemorySessionStore, messageText, type Tool } from './index.js';

describe('one agent, many concurrent runs', () => {
  it('keeps 1,000 concurrent runs for distinct sessions apart: history, state and results never cross', async () => {
    const store = new InMemorySessionStore();
    // The model answers with what it saw: the session's earlier user messages and the current input.
    const model = new ScriptedModel({
      record: false,
      respond: async (req, info) => {
        if (info.turn === 0) {
          await sleep(Math.random() * 3);
          const last = req.messages[req.messages.length - 1]!;
          const user = messageText(last);
          return { toolCalls: [{ name: 'remember', args: { value: user } }] };
        }
        const users = req.messages.filter((m) => m.role === 'user').map(messageText);
        return `saw ${users.join('|')}`;
      },
    });
    const remember: Tool<{ value: string }> = {
      name: 'remember',
      description: 'stores a value in the session state',
      parameters: { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] },
      execute: async ({ value }, ctx) => {
        await sleep(Math.random() * 3);
        await store.updateState(ctx.sessionId!, (s) => ({
          ...s,
          values: [...((s.values as string[]) ?? []), value],
        }));
        return `stored ${value}`;
      },
    };
    const agent = new Agent({ model, tools: [remember], store });

    const N = 1000;
    const first = await Promise.all(
      Array.from({ length: N }, (_, i) => agent.run(`first-${i}`, { sessionId: `s${i}`, userId: `u${i}` })),
    );
    const second = await Promise.all(
      Array.from({ length: N }, (_, i) => agent.run(`second-${i}`, { sessionId: `s${i}`, userId: `u${i}` })),
    );
    for (let i = 0; i < N; i++) {
      expect(first[i]!.text).toBe(`saw first-${i}`);
      expect(first[i]!.sessionId).toBe(`s${i}`);
      expect(second[i]!.text).toBe(`saw first-${i}|second-${i}`);
      expect(second[i]!.toolCalls[0]!.result).toBe(`stored second-${i}`);
      const state = await store.getState(`s${i}`);
      expect(state.state.values).toEqual([`first-${i}`, `second-${i}`]);
    }
    const ids = new Set([...first, ...second].map((r) => r.runId));
    expect(ids.size).toBe(2 * N);
  });

  it('streams for many users at once without mixing their text', async () => {
    const model = new ScriptedModel({
      chunkSize: 2,
      respond: (req) => ({
        text: `reply to ${messageText(req.messages[req.messages.length - 1]!)}`,
        chunkDelayMs: 1,
      }),
    });
    const agent = new Agent({ model });
    const texts = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        let text = '';
        for await (const chunk of agent.stream(`user ${i}`, { textOnly: true })) text += chunk;
        return text;
      }),
    );
    for (const [i, t] of texts.entries()) expect(t).toBe(`reply to user ${i}`);
  });
});
