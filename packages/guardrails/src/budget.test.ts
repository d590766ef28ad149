import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, ConfigError, InMemorySessionStore } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { budgetGuardrail, DocumentLedger, InMemoryLedger } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every call uses 30 tokens (20 in, 10 out); `delayMs` keeps concurrent calls in flight together. */
const model = (delayMs = 0) =>
  new ScriptedModel({ turns: [{ text: 'ok', usage: { inputTokens: 20, outputTokens: 10 }, delayMs }] });
/** The reservation: an upper bound of what a call uses. */
const estimate = () => ({ inputTokens: 20, outputTokens: 10 });

async function settle(runs: Promise<unknown>[]): Promise<{ ok: number; blocked: number }> {
  const out = await Promise.allSettled(runs);
  const blocked = out.filter(
    (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'blocked',
  );
  return { ok: out.filter((r) => r.status === 'fulfilled').length, blocked: blocked.length };
}

describe('budgetGuardrail', () => {
  it('a user’s budget holds across runs: the run that would pass it is blocked before its model call', async () => {
    const ledger = new InMemoryLedger();
    const m = model();
    const agent = new Agent({
      model: m,
      guardrails: [budgetGuardrail({ perUser: { tokens: 100 }, ledger, estimate })],
    });
    for (let i = 0; i < 3; i++) await agent.run('hi', { userId: 'ada' });
    const error = await agent.run('hi', { userId: 'ada' }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'blocked',
      guardrail: 'budget',
      stage: 'beforeModel',
      details: { scope: 'user' },
    });
    expect(m.requests).toHaveLength(3);
    expect(await ledger.spent('ada')).toEqual({ tokens: 90, cost: 0 });
    await expect(agent.run('hi', { userId: 'bob' })).resolves.toMatchObject({ text: 'ok' });
  });

  it('concurrent runs of one user do not overspend (in-process ledger)', async () => {
    const ledger = new InMemoryLedger();
    const m = model(30);
    const agent = new Agent({
      model: m,
      guardrails: [budgetGuardrail({ perUser: { tokens: 100 }, ledger, estimate })],
    });
    const result = await settle(Array.from({ length: 8 }, () => agent.run('hi', { userId: 'ada' })));
    expect(result).toEqual({ ok: 3, blocked: 5 });
    expect(m.requests).toHaveLength(3);
    expect((await ledger.spent('ada')).tokens).toBe(90);
  });

  it('concurrent runs of one user on two processes sharing a SQLite store do not overspend', async () => {
    const path = join(dir, 'budget.db');
    const stores = [SqliteStore.open(path), SqliteStore.open(path)];
    try {
      const m = model(20);
      const agents = stores.map(
        (store) =>
          new Agent({
            model: m,
            guardrails: [
              budgetGuardrail({ perUser: { tokens: 100 }, ledger: new DocumentLedger(store), estimate }),
            ],
          }),
      );
      const runs = Array.from({ length: 10 }, (_, i) => agents[i % 2]!.run('hi', { userId: 'ada' }));
      expect(await settle(runs)).toEqual({ ok: 3, blocked: 7 });
      expect(m.requests).toHaveLength(3);
      expect(await new DocumentLedger(stores[0]!).spent('ada')).toEqual({ tokens: 90, cost: 0 });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('settles each reservation to what the call used, and prices cost', async () => {
    const store = new InMemorySessionStore();
    const ledger = new DocumentLedger(store);
    const agent = new Agent({
      model: model(),
      guardrails: [
        budgetGuardrail({
          perUser: { cost: 1 },
          pricing: { inputPerMillion: 1_000, outputPerMillion: 4_000 },
          ledger,
          estimate: () => ({ inputTokens: 100, outputTokens: 100 }),
        }),
      ],
    });
    await agent.run('hi', { userId: 'ada' });
    const spent = await ledger.spent('ada');
    expect(spent.tokens).toBe(30);
    expect(spent.cost).toBeCloseTo((20 * 1_000 + 10 * 4_000) / 1e6, 10);
  });

  it('a run’s own budget ends a run of many model calls before the call that would pass it', async () => {
    const m = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'step', args: {} }], usage: { inputTokens: 20, outputTokens: 10 } }],
    });
    const step = { name: 'step', description: 'a step', parameters: { type: 'object' }, execute: () => 'ok' };
    const agent = new Agent({
      model: m,
      tools: [step],
      guardrails: [budgetGuardrail({ perRun: { tokens: 100 }, estimate })],
      defaults: { maxRepeatedToolCalls: 0 },
    });
    await expect(agent.run('loop')).rejects.toMatchObject({
      stage: 'beforeModel',
      details: { scope: 'run' },
    });
    expect(m.requests).toHaveLength(3);
  });

  it('rejects a budget without limits, and a cost limit without prices', () => {
    expect(() => budgetGuardrail({})).toThrow(ConfigError);
    expect(() => budgetGuardrail({ perRun: { cost: 1 } })).toThrow(ConfigError);
  });
});
