import { Agent, TimeoutError, ValidationError } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { QueueFullError } from './errors.js';
import { limitModel } from './limit-model.js';
import { Limiter } from './limiter.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise with its resolver, to hold work open until the test says so. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Limiter', () => {
  it('never lets more than `concurrency` run at once, and runs everything', async () => {
    const limiter = new Limiter({ concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter.run(async () => {
          started.push(i);
          most = Math.max(most, ++inFlight);
          await tick();
          inFlight--;
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(limiter.stats()).toMatchObject({ active: 0, queued: 0, maxActive: 3, acquired: 10 });
  });

  it('serves higher priorities first, first come first served within one', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    const held = await limiter.acquire();
    const order: string[] = [];
    const wait = (name: string, priority: number) =>
      limiter.acquire({ priority }).then((p) => {
        order.push(name);
        p.release();
      });
    const all = [wait('low', 0), wait('high-1', 5), wait('mid', 1), wait('high-2', 5), wait('low-2', 0)];
    expect(limiter.queued).toBe(5);
    held.release();
    await Promise.all(all);
    expect(order).toEqual(['high-1', 'high-2', 'mid', 'low', 'low-2']);
  });

  it('rejects with QueueFullError when the queue is full, and loses no queued waiter', async () => {
    const limiter = new Limiter({ concurrency: 1, maxQueue: 1, name: 'search' });
    const held = await limiter.acquire();
    const queued = limiter.acquire();
    const error = await limiter.acquire().catch((e) => e);
    expect(error).toBeInstanceOf(QueueFullError);
    expect(error).toMatchObject({ code: 'overloaded', retryable: true, maxQueue: 1 });
    expect(error.message).toMatch(/search queue is full/);
    expect(limiter.stats().rejected).toBe(1);
    held.release();
    const next = await queued;
    expect(limiter.active).toBe(1);
    next.release();
    expect(limiter.active).toBe(0);
  });

  it('removes an aborted waiter from the queue; the slot goes to the next one', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const order: string[] = [];
    const a = limiter.acquire({ signal: controller.signal, priority: 9 }).then(
      () => order.push('a'),
      (e) => {
        order.push(`a:${e.code}`);
      },
    );
    const b = limiter.acquire().then((p) => {
      order.push('b');
      p.release();
    });
    expect(limiter.queued).toBe(2);
    controller.abort(new Error('client went away'));
    await a;
    expect(limiter.queued).toBe(1);
    held.release();
    await b;
    expect(order).toEqual(['a:aborted', 'b']);
    expect(limiter.stats()).toMatchObject({ aborted: 1, active: 0, queued: 0 });
  });

  it('rejects at once for an already aborted signal', async () => {
    const limiter = new Limiter({ concurrency: 5 });
    await expect(limiter.acquire({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
    expect(limiter.active).toBe(0);
  });

  it('keeps working after many aborted waiters (compaction)', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    const held = await limiter.acquire();
    const controllers = Array.from({ length: 100 }, () => new AbortController());
    const waits = controllers.map((c) => limiter.acquire({ signal: c.signal }).catch(() => 'aborted'));
    const survivor = limiter.acquire();
    for (const c of controllers) c.abort();
    expect(await Promise.all(waits)).toEqual(Array(100).fill('aborted'));
    expect(limiter.queued).toBe(1);
    held.release();
    (await survivor).release();
    expect(limiter.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('refuses a priority that is not a finite number, and the queue keeps its order', async () => {
    const limiter = new Limiter({ concurrency: 1, name: 'search' });
    const held = await limiter.acquire();
    const order: number[] = [];
    const waits: Promise<unknown>[] = [];
    const enqueue = (priority: number) =>
      waits.push(
        limiter.acquire({ priority }).then((p) => {
          order.push(priority);
          p.release();
        }),
      );
    for (const p of [3, 1, 5]) enqueue(p);
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      '2' as unknown as number,
    ]) {
      const error = await limiter.acquire({ priority: bad }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toMatch(/search priority must be a finite number/);
    }
    for (const p of [4, 2, 6, 0]) enqueue(p);
    expect(limiter.queued).toBe(7);
    held.release();
    await Promise.all(waits);
    expect(order).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(limiter.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('a waiter whose deadline passes gets the TimeoutError of its signal', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire({ signal: controller.signal });
    controller.abort(new TimeoutError('the run timed out after 5 ms'));
    await expect(waiting).rejects.toMatchObject({ code: 'timeout', message: 'the run timed out after 5 ms' });
    held.release();
    expect(limiter.stats()).toMatchObject({ aborted: 1, active: 0, queued: 0 });
  });

  it('a permit released twice frees one slot only', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    const p = await limiter.acquire();
    const waiting = limiter.acquire();
    p.release();
    p.release();
    const q = await waiting;
    expect(limiter.active).toBe(1);
    expect(limiter.tryAcquire()).toBeUndefined();
    q.release();
    expect(limiter.tryAcquire()).toBeDefined();
  });

  it('run() releases its slot when the function throws', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    await expect(
      limiter.run(() => {
        throw new Error('inside');
      }),
    ).rejects.toThrow('inside');
    expect(limiter.active).toBe(0);
  });

  it('close() rejects waiters and later acquisitions', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    const held = await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.close();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'aborted' });
    held.release();
    expect(limiter.active).toBe(0);
  });

  it('rejects bad options with a ConfigError', () => {
    expect(() => new Limiter({ concurrency: 0 })).toThrow(expect.objectContaining({ code: 'config_error' }));
    expect(() => new Limiter({ concurrency: 1.5 })).toThrow(
      expect.objectContaining({ code: 'config_error' }),
    );
    expect(() => new Limiter({ concurrency: 1, maxQueue: -1 })).toThrow(
      expect.objectContaining({ code: 'config_error' }),
    );
  });
});

describe('limitModel', () => {
  it('bounds the model calls in flight across concurrent agent runs', async () => {
    let inFlight = 0;
    let most = 0;
    const inner = new ScriptedModel({
      respond: async () => {
        most = Math.max(most, ++inFlight);
        await tick();
        await tick();
        inFlight--;
        return 'done';
      },
    });
    const model = limitModel(inner, 2);
    const agent = new Agent({ model });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => agent.run(`q${i}`)));
    expect(results.map((r) => r.text)).toEqual(Array(6).fill('done'));
    expect(most).toBe(2);
    expect(model.limiter.stats().maxActive).toBe(2);
  });

  it('holds the slot for the whole stream', async () => {
    const model = limitModel(new ScriptedModel({ respond: { text: 'abcdef', chunkSize: 1 } }), 1);
    const first = model.stream({ messages: [{ role: 'user', content: 'a' }] })[Symbol.asyncIterator]();
    await first.next();
    expect(model.limiter.active).toBe(1);
    const second = model.generate({ messages: [{ role: 'user', content: 'b' }] });
    await tick();
    expect(model.limiter.queued).toBe(1);
    while (!(await first.next()).done) {}
    expect((await second).text).toBe('abcdef');
    expect(model.limiter.active).toBe(0);
  });

  it('an aborted run leaves the queue with an aborted error', async () => {
    const release = gate();
    const inner = new ScriptedModel({
      respond: async () => {
        await release.promise;
        return 'slow';
      },
    });
    const agent = new Agent({ model: limitModel(inner, 1, { maxQueue: 5 }) });
    const first = agent.run('one');
    await tick();
    const controller = new AbortController();
    const second = agent.run('two', { signal: controller.signal });
    await tick();
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    release.open();
    expect((await first).text).toBe('slow');
    expect(inner.calls).toBe(1);
  });

  it('rejects runs beyond maxQueue with QueueFullError, and uses request priorities', async () => {
    const release = gate();
    const order: string[] = [];
    const inner = new ScriptedModel({
      respond: async (req) => {
        order.push(String(req.messages.at(-1)!.content));
        await release.promise;
        return 'ok';
      },
    });
    const model = limitModel(inner, 1, {
      maxQueue: 2,
      priority: (req) => req.maxTokens ?? 0,
    });
    const send = (text: string, maxTokens?: number) =>
      model.generate({ messages: [{ role: 'user', content: text }], maxTokens });
    const running = send('first');
    await tick();
    const low = send('low', 1);
    const high = send('high', 9);
    await expect(send('overflow')).rejects.toBeInstanceOf(QueueFullError);
    release.open();
    await Promise.all([running, low, high]);
    expect(order).toEqual(['first', 'high', 'low']);
  });
});
