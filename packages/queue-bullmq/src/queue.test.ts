import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type AgentEvent, ModelError } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { ScriptedModel } from '@agno/models-mock';
import { parallel, step, Workflow } from '@agno/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshQueueName, redisUrl } from './fixtures/redis.js';
import {
  isQueueRunError,
  type QueueJobEvent,
  type QueueRunError,
  queuedStep,
  RunQueue,
  RunWorker,
  stepJobId,
} from './index.js';

async function collect<E>(events: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe.skipIf(redisUrl === undefined)('RunQueue and RunWorker on Redis', () => {
  const url = redisUrl!;
  const queueName = freshQueueName('unit');
  const dir = mkdtempSync(join(tmpdir(), 'agno-queue-'));
  const store = SqliteStore.open(join(dir, 'runs.db'));
  let queue: RunQueue;
  let worker: RunWorker;
  const slowModel = new ScriptedModel({ turns: [{ text: 'never', delayMs: 30_000 }] });
  const failing = new ScriptedModel({
    respond: { error: new ModelError('provider down', { retryable: true }) },
  });
  const fetched: string[] = [];
  let renderFailures = 1;
  const report = new Workflow({
    name: 'report',
    steps: [
      step('fetch', (ctx) => {
        fetched.push(String(ctx.input));
        return `data for ${ctx.input}`;
      }),
      step('render', (ctx) => {
        if (renderFailures-- > 0) throw new Error('renderer not ready');
        return `report of ${ctx.previous}`;
      }),
    ],
  });

  let counted = 0;
  const counter = new ScriptedModel({
    respond: (request) => {
      counted++;
      const last = request.messages[request.messages.length - 1]!;
      return `seen ${typeof last.content === 'string' ? last.content : ''}`;
    },
  });
  let fanout: Workflow<unknown, unknown>;

  beforeAll(async () => {
    queue = new RunQueue({ connection: url, queueName, backoff: { type: 'fixed', delayMs: 20 } });
    worker = new RunWorker({
      connection: url,
      queueName,
      concurrency: 4,
      store,
      agents: {
        greeter: new Agent({
          name: 'greeter',
          model: new ScriptedModel({ turns: [{ text: 'Hello there, traveller' }], chunkSize: 5 }),
        }),
        slow: new Agent({ name: 'slow', model: slowModel }),
        failing: new Agent({ name: 'failing', model: failing }),
        counter: new Agent({ name: 'counter', model: counter }),
      },
      workflows: {
        report,
        get fanout() {
          return fanout;
        },
      },
    });
    fanout = new Workflow({
      name: 'fanout',
      steps: [
        parallel(
          'fan',
          ['north', 'south', 'east'].map((region) =>
            step(region, queuedStep(queue, { agent: 'counter' }, { input: () => region })),
          ),
        ),
        step('join', (ctx) => Object.values(ctx.previous as Record<string, string>).join(', ')),
      ],
    });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.queue.obliterate({ force: true });
    await queue?.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs an agent on a worker and gives back its result and events in order', async () => {
    const handle = await queue.enqueueAgent('greeter', 'hi', { sessionId: 's1', userId: 'u1' });
    const events = await collect(handle.events());
    const result = await handle.result();
    expect(result.text).toBe('Hello there, traveller');
    expect(result.runId).toBe(handle.jobId);
    expect(result.sessionId).toBe('s1');
    expect(result.userId).toBe('u1');
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('job-started');
    expect(types[1]).toBe('run-started');
    expect(types.at(-2)).toBe('run-completed');
    expect(types.at(-1)).toBe('job-completed');
    const deltas = events
      .filter((e): e is Extract<AgentEvent, { type: 'text-delta' }> => e.type === 'text-delta')
      .map((e) => e.text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Hello there, traveller');
    expect((events.at(-1) as Extract<QueueJobEvent<unknown>, { type: 'job-completed' }>).result).toEqual(
      result,
    );
    // A reader that comes late still gets every event from the first.
    expect(
      (await collect(queue.handle(handle.jobId).events())).map((e) => (e as { type: string }).type),
    ).toEqual(types);
  });

  it('carries a cancellation from the caller to the worker running the job', async () => {
    const handle = await queue.enqueueAgent('slow', 'wait', { attempts: 3 });
    const events = handle.events();
    const first = await events.next();
    expect(first.value).toMatchObject({ type: 'job-started', attempt: 1 });
    await handle.cancel();
    const error = (await handle.result().catch((e) => e)) as QueueRunError;
    expect(isQueueRunError(error, 'aborted')).toBe(true);
    expect(error.jobId).toBe(handle.jobId);
    const rest: unknown[] = [];
    for await (const e of events) rest.push(e);
    const failed = rest.filter((e) => (e as { type: string }).type === 'job-failed');
    expect(failed).toHaveLength(1); // not retried
    expect(failed[0]).toMatchObject({ willRetry: false });
  });

  it('fails a job cancelled while it waited as soon as a worker takes it, without running it', async () => {
    const idle = freshQueueName('idle');
    const waitingQueue = new RunQueue({ connection: url, queueName: idle });
    const calls = slowModel.calls;
    const handle = await waitingQueue.enqueueAgent('slow', 'never mind');
    await handle.cancel();
    const late = new RunWorker({
      connection: url,
      queueName: idle,
      agents: { slow: new Agent({ name: 'slow', model: slowModel }) },
    });
    await late.start();
    try {
      const error = (await handle.result().catch((e) => e)) as QueueRunError;
      expect(isQueueRunError(error, 'aborted')).toBe(true);
      expect(slowModel.calls).toBe(calls);
    } finally {
      await late.close();
      await waitingQueue.queue.obliterate({ force: true });
      await waitingQueue.close();
    }
  });

  it('retries a failing run with backoff, then fails with the remote typed error', async () => {
    const before = failing.calls;
    const handle = await queue.enqueueAgent('failing', 'go', { attempts: 3 });
    const events = await collect(handle.events());
    const error = (await handle.result().catch((e) => e)) as QueueRunError;
    expect(error).toBeInstanceOf(Error);
    expect(isQueueRunError(error, 'model_error')).toBe(true);
    expect(error.remoteName).toBe('ModelError');
    expect(error.message).toContain('provider down');
    expect(error.attempts).toBe(3);
    expect(failing.calls - before).toBe(3);
    const lifecycle = events
      .filter((e) => e.type === 'job-started' || e.type === 'job-failed')
      .map((e) =>
        e.type === 'job-failed' ? `failed ${e.attempt} retry=${e.willRetry}` : `started ${e.attempt}`,
      );
    expect(lifecycle).toEqual([
      'started 1',
      'failed 1 retry=true',
      'started 2',
      'failed 2 retry=true',
      'started 3',
      'failed 3 retry=false',
    ]);
  });

  it('fails at once, without retries, for a name no worker registered', async () => {
    const handle = await queue.enqueueAgent('nobody', 'hi', { attempts: 3 });
    const error = (await handle.result().catch((e) => e)) as QueueRunError;
    expect(isQueueRunError(error, 'not_found')).toBe(true);
    expect(error.attempts).toBe(1);
  });

  it('refuses a missing connection with a config error', () => {
    expect(() => new RunQueue({ connection: undefined as unknown as string })).toThrow(
      expect.objectContaining({ code: 'config_error' }),
    );
  });

  it('refuses input that is not JSON with a validation error', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(queue.enqueueWorkflow('report', cyclic)).rejects.toMatchObject({ code: 'validation_error' });
    await expect(queue.enqueueAgent('', 'hi')).rejects.toMatchObject({ code: 'validation_error' });
  });

  it('resumes a retried workflow from its last completed step (no duplicate side effects)', async () => {
    const handle = await queue.enqueueWorkflow<string>('report', 'Q3', { attempts: 2 });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.output).toBe('report of data for Q3');
    expect(fetched).toEqual(['Q3']); // "fetch" ran once over two attempts
    const stored = await report.getRun(handle.jobId, { store });
    expect(stored?.status).toBe('completed');
  });

  it('runs workflow steps as jobs of their own, which any worker may take', async () => {
    const before = counted;
    const handle = await queue.enqueueWorkflow<string>('fanout', null);
    const result = await handle.result();
    expect(result.output).toBe('seen north, seen south, seen east');
    expect(counted - before).toBe(3);
    for (const region of ['north', 'south', 'east']) {
      const job = await queue.queue.getJob(stepJobId(handle.jobId, `fan/${region}`));
      expect(await job?.getState()).toBe('completed');
      expect(job?.data).toMatchObject({ kind: 'agent', name: 'counter', input: region });
    }
  });

  it('does not run a step job twice when its step runs again (a workflow job taken again)', async () => {
    const fn = queuedStep(queue, { agent: 'counter' });
    const ctx = {
      runId: `again-${Date.now()}`,
      path: 'fan/x',
      input: 'ping',
      previous: undefined,
      signal: new AbortController().signal,
    };
    const before = counted;
    const [first, second] = await Promise.all([fn(ctx), fn(ctx)]);
    const third = await fn(ctx);
    expect([first, second, third]).toEqual(['seen ping', 'seen ping', 'seen ping']);
    expect(counted - before).toBe(1);
  });
});
