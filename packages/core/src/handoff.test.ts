import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './fixtures/index.js';
import { Agent, type AgentEvent, InMemorySessionStore, type Tool } from './index.js';

/** A billing agent whose model answers with its own system prompt (so tests see whose it is). */
function billing(tools: Tool[] = []) {
  const model = new ScriptedModel({
    respond: (req) => {
      const last = req.messages.at(-1)!;
      if (last.role === 'tool' && last.toolName === 'refund') return `refunded (${last.content})`;
      if (tools.length > 0 && last.role === 'tool') return { toolCalls: [{ name: 'refund', id: 'b1' }] };
      return `[${String(req.messages[0]!.content)}] your invoice is paid`;
    },
  });
  return {
    model,
    agent: new Agent<{ plan: string }>({
      name: 'billing',
      description: 'invoices and refunds',
      model,
      tools,
      instructions: (ctx) => `You are billing; plan ${ctx.context?.plan}.`,
    }),
  };
}

function triage(target: Agent, store?: InMemorySessionStore) {
  const model = new ScriptedModel({
    turns: [{ toolCalls: [{ name: 'transfer_to_billing', id: 't1' }] }, 'triage should not answer'],
  });
  return {
    model,
    agent: new Agent({ name: 'triage', model, instructions: 'You route.', handoffs: [target], store }),
  };
}

describe('handoffs', () => {
  it('the model calls transfer_to_<name>; the other agent answers with its instructions', async () => {
    const { agent: target, model: targetModel } = billing();
    const { agent, model } = triage(target);
    const events: AgentEvent[] = [];
    const stream = agent.stream('is my invoice paid?', { context: { plan: 'gold' } });
    for await (const e of stream) events.push(e);
    const result = await stream.result;
    expect(result.agentName).toBe('billing');
    expect(result.text).toBe('[You are billing; plan gold.] your invoice is paid');
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.tools!.map((t) => t.name)).toEqual(['transfer_to_billing']);
    expect(model.requests[0]!.tools![0]!.description).toContain('invoices and refunds');
    // The target sees the whole conversation, its own system prompt first, and none of triage's tools.
    const seen = targetModel.requests[0]!;
    expect(seen.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(seen.tools).toBeUndefined();
    expect(events.filter((e) => e.type === 'handoff')).toEqual([
      { type: 'handoff', runId: result.runId, from: 'triage', to: 'billing' },
    ]);
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it("the run is stored once by the first agent's store, with the target's answer", async () => {
    const store = new InMemorySessionStore();
    const { agent } = triage(billing().agent, store);
    const result = await agent.run('invoice?', { sessionId: 's' });
    const runs = await store.listRuns('s');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.text).toBe(result.text);
    expect(runs[0]!.messages.some((m) => m.role === 'system')).toBe(false);
  });

  it("a pause after a handoff continues with the target's tools", async () => {
    const refunded: string[] = [];
    const refund: Tool = {
      name: 'refund',
      description: 'refunds',
      parameters: { type: 'object' },
      requiresConfirmation: true,
      execute: () => {
        refunded.push('yes');
        return 'ok';
      },
    };
    const store = new InMemorySessionStore();
    const { agent } = triage(billing([refund]).agent, store);
    const paused = await agent.run('refund me', { sessionId: 's', context: { plan: 'gold' } });
    expect(paused.status).toBe('paused');
    expect(paused.agentName).toBe('billing');
    expect(paused.paused!.activeAgent).toBe('billing');
    // A new triage agent (a restart) with the same handoffs continues it by id.
    const { agent: again } = triage(billing([refund]).agent, store);
    const done = await again.continueRun(paused.runId, { b1: { approved: true } });
    expect(refunded).toEqual(['yes']);
    expect(done.agentName).toBe('billing');
    expect(done.text).toBe('refunded (ok)');
  });
});
