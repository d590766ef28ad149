/**
 * One user can never read, continue, cancel or delete another user's sessions, runs or memories:
 * every route is tried as the wrong user, on a real SQLite store, and each answers 404 (as for
 * something that does not exist) and changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { ScriptedModel } from '@agno/models-mock';
import { step, Workflow } from '@agno/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from './auth/api-keys.js';
import { gatedTool, start, stuckTool } from './fixtures/apps.js';

const ADA = { 'x-api-key': 'key-of-ada-0123456789' };
const BOB = { 'x-api-key': 'key-of-bob-0123456789' };

describe('users are isolated on every route', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agno-server-iso-'));
  const store = SqliteStore.open(join(dir, 'db.sqlite'));
  const counter = { runs: 0 };
  const seen = { aborted: false, started: false };
  let s: Awaited<ReturnType<typeof start>>;
  const call = (path: string, who: Record<string, string>, init: RequestInit = {}) =>
    fetch(`${s.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...who, ...(init.headers ?? {}) },
    });
  const post = (path: string, who: Record<string, string>, body: unknown) =>
    call(path, who, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    const mailer = new Agent({
      name: 'mailer',
      store,
      tools: [gatedTool(counter)],
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'send_email', args: { to: 'a@example.com' } }] }, 'Sent.'],
      }),
    });
    const chat = new Agent({ name: 'chat', store, model: new ScriptedModel({ respond: 'Noted.' }) });
    const stuck = new Agent({
      name: 'stuck',
      store,
      tools: [stuckTool(seen)],
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'wait_forever', args: {} }] }, 'x'] }),
    });
    const flow = new Workflow({
      name: 'approve',
      store,
      steps: [step('ask', (ctx) => ctx.askForInput<boolean>({ prompt: 'OK?' })), step('done', () => 'done')],
    });
    s = await start({
      agents: [mailer, chat, stuck],
      workflows: [flow as never],
      store,
      auth: { schemes: [apiKeys({ [ADA['x-api-key']]: 'ada', [BOB['x-api-key']]: 'bob' })] },
    });
  });
  afterAll(async () => {
    await s.http.close({ timeoutMs: 1000 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('sessions, their runs and history', async () => {
    expect(
      (await post('/agents/chat/runs', ADA, { input: 'my secret plan', sessionId: 'ada-1' })).status,
    ).toBe(200);
    expect((await call('/sessions/ada-1', ADA)).status).toBe(200);
    expect(
      (await call('/sessions', ADA).then((r) => r.json())).map((x: { sessionId: string }) => x.sessionId),
    ).toEqual(['ada-1']);
    expect(await call('/sessions', BOB).then((r) => r.json())).toEqual([]);
    expect((await call('/sessions/ada-1', BOB)).status).toBe(404);
    expect((await call('/sessions/ada-1/runs', BOB)).status).toBe(404);
    expect((await call('/sessions/ada-1/state', BOB)).status).toBe(404);
    expect((await call('/sessions/ada-1/state', ADA)).status).toBe(200);
    // Bob cannot read Ada's history by running an agent in her session.
    const hijack = await post('/agents/chat/runs', BOB, { input: 'what was said?', sessionId: 'ada-1' });
    expect(hijack.status).toBe(404);
    expect((await call('/sessions/ada-1', BOB, { method: 'DELETE' })).status).toBe(404);
    const runs = await call('/sessions/ada-1/runs', ADA).then((r) => r.json());
    expect(runs).toHaveLength(1);
    expect(JSON.stringify(runs)).toContain('my secret plan');
    expect((await call('/sessions/ada-1', ADA, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/sessions/ada-1', ADA)).status).toBe(404);
  });

  it('paused runs: listing, continuing', async () => {
    const paused = await post('/agents/mailer/runs', ADA, { input: 'mail', sessionId: 'ada-2' }).then((r) =>
      r.json(),
    );
    expect(paused.status).toBe('paused');
    expect((await call('/paused-runs', BOB).then((r) => r.json())).length).toBe(0);
    // A session whose only run is paused is Ada's all the same.
    expect((await post('/agents/chat/runs', BOB, { input: 'hi', sessionId: 'ada-2' })).status).toBe(404);
    expect(
      (await call('/paused-runs', ADA).then((r) => r.json())).map((p: { runId: string }) => p.runId),
    ).toEqual([paused.runId]);
    const decisions = { [paused.pending[0].toolCallId]: { approved: true } };
    const stolen = await post(`/agents/mailer/runs/${paused.runId}/continue`, BOB, { decisions });
    expect(stolen.status).toBe(404);
    expect(counter.runs).toBe(0);
    expect((await call(`/runs/${paused.runId}`, BOB)).status).toBe(404);
    const done = await post(`/agents/mailer/runs/${paused.runId}/continue`, ADA, { decisions });
    expect(await done.json()).toMatchObject({ status: 'completed', text: 'Sent.' });
    expect(counter.runs).toBe(1);
  });

  it('live runs: status, events, cancel', async () => {
    const res = await post('/agents/stuck/runs', ADA, { input: 'go', stream: true });
    const runId = res.headers.get('x-run-id')!;
    await expect.poll(() => seen.started, { timeout: 5000 }).toBe(true);
    expect((await call(`/runs/${runId}`, BOB)).status).toBe(404);
    expect((await call(`/runs/${runId}/events`, BOB)).status).toBe(404);
    expect((await post(`/runs/${runId}/cancel`, BOB, {})).status).toBe(404);
    expect(seen.aborted).toBe(false);
    expect((await post(`/runs/${runId}/cancel`, ADA, {})).status).toBe(202);
    await res.text();
    expect(seen.aborted).toBe(true);
  });

  it('memories', async () => {
    const mine = await store.addMemory({ userId: 'ada', memory: 'Lives in Lisbon' });
    expect(await call('/memories', BOB).then((r) => r.json())).toEqual([]);
    expect(
      (await call('/memories', ADA).then((r) => r.json())).map((m: { memory: string }) => m.memory),
    ).toEqual(['Lives in Lisbon']);
    expect((await call(`/memories/${mine.memoryId}`, BOB, { method: 'DELETE' })).status).toBe(404);
    expect(await store.getMemory(mine.memoryId)).toBeDefined();
    expect((await call(`/memories/${mine.memoryId}`, ADA, { method: 'DELETE' })).status).toBe(204);
    expect(await store.getMemory(mine.memoryId)).toBeUndefined();
  });

  it('workflow runs: get and resume', async () => {
    const paused = await post('/workflows/approve/runs', ADA, { input: null }).then((r) => r.json());
    expect(paused.status).toBe('paused');
    expect((await call(`/workflows/approve/runs/${paused.runId}`, BOB)).status).toBe(404);
    expect(
      (await post(`/workflows/approve/runs/${paused.runId}/resume`, BOB, { answers: { ask: true } })).status,
    ).toBe(404);
    expect((await call(`/workflows/approve/runs/${paused.runId}`, ADA)).status).toBe(200);
    const done = await post(`/workflows/approve/runs/${paused.runId}/resume`, ADA, {
      answers: { ask: true },
    }).then((r) => r.json());
    expect(done).toMatchObject({ status: 'completed', output: 'done' });
  });
});
