import { describe, expect, it } from 'vitest';
import { ScriptedModel, sleep } from './fixtures/index.js';
import { Agent, type AgentEvent, Channel, type Tool } from './index.js';

/** Producer `p` pushes `n` values, waiting whenever the channel asks it to. */
async function produce(channel: Channel<string>, p: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const wait = channel.push(`${p}:${i}`);
    if (wait !== undefined) await wait;
  }
}

async function drain<T>(channel: AsyncIterable<T>, delayMs = 0): Promise<T[]> {
  const out: T[] = [];
  for await (const v of channel) {
    out.push(v);
    if (delayMs > 0) await sleep(delayMs);
  }
  return out;
}

/** Fails instead of hanging when `promise` takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`still pending after ${ms} ms`);
    }),
  ]);
}

describe('Channel with many producers', () => {
  for (const capacity of [1, 2, 4]) {
    it(`delivers every value of 8 producers, each in order, with capacity ${capacity}`, async () => {
      const channel = new Channel<string>(capacity);
      const producers = Promise.all(Array.from({ length: 8 }, (_, p) => produce(channel, p, 50)));
      producers.then(() => channel.end());
      const values = await within(drain(channel), 5_000);
      expect(values).toHaveLength(400);
      for (let p = 0; p < 8; p++) {
        const mine = values.filter((v) => v.startsWith(`${p}:`));
        expect(mine).toEqual(Array.from({ length: 50 }, (_, i) => `${p}:${i}`));
      }
    });
  }

  it('keeps producers waiting while the consumer is slow, and never lets the buffer run away', async () => {
    const channel = new Channel<string>(2);
    let maxSize = 0;
    const producers = Promise.all(Array.from({ length: 3 }, (_, p) => produce(channel, p, 10)));
    producers.then(() => channel.end());
    const out: string[] = [];
    for await (const v of channel) {
      maxSize = Math.max(maxSize, channel.size);
      out.push(v);
      await sleep(1);
    }
    expect(out).toHaveLength(30);
    // At most one value per producer beyond the capacity.
    expect(maxSize).toBeLessThanOrEqual(2 + 3);
  });

  it('releases every waiting producer when a stalled consumer stops', async () => {
    let cancelled = 0;
    const channel = new Channel<string>(1, () => cancelled++);
    const producers = Promise.all(Array.from({ length: 4 }, (_, p) => produce(channel, p, 5)));
    await sleep(5);
    await channel.return();
    await within(producers, 1_000);
    expect(cancelled).toBe(1);
    expect(channel.push('more')).toBeUndefined();
    expect(await channel.next()).toEqual({ value: undefined, done: true });
  });

  it('releases every waiting producer when it ends, and still delivers what it holds', async () => {
    const channel = new Channel<string>(1);
    const producers = Promise.all(Array.from({ length: 3 }, (_, p) => produce(channel, p, 3)));
    await sleep(5);
    channel.end();
    await within(producers, 1_000);
    const rest = await drain(channel);
    expect(rest.length).toBeGreaterThan(0);
    expect(channel.push('late')).toBeUndefined();
  });

  it('throws the error it ended with after the buffered values, once', async () => {
    const channel = new Channel<number>(4);
    channel.push(1);
    channel.push(2);
    channel.end(new Error('broken'));
    const iterator = channel[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    await expect(iterator.next()).rejects.toThrow('broken');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('hands a value straight to a waiting reader, and ends a waiting reader', async () => {
    const channel = new Channel<number>(1);
    const reading = channel.next();
    expect(channel.push(7)).toBeUndefined();
    expect(await reading).toEqual({ value: 7, done: false });
    const waiting = channel.next();
    channel.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });
});

describe('streaming parallel tool calls to a slow reader', () => {
  const tools: Tool[] = ['a', 'b', 'c'].map((name) => ({
    name,
    description: name,
    parameters: { type: 'object', properties: {} },
    execute: async () => {
      await sleep(1);
      return `${name} done`;
    },
  }));
  const script = () =>
    new ScriptedModel({
      turns: [
        {
          text: 'calling three tools',
          toolCalls: [
            { name: 'a', args: {} },
            { name: 'b', args: {} },
            { name: 'c', args: {} },
          ],
        },
        'all three answered',
      ],
      chunkSize: 4,
    });

  for (const bufferSize of [1, 2, 4]) {
    it(`completes with bufferSize ${bufferSize} and a reader that takes 5 ms per event`, async () => {
      const agent = new Agent({ model: script(), tools });
      const stream = agent.stream('go', { bufferSize });
      const events = await within(drain(stream, 5), 10_000);
      const result = await stream.result;
      expect(result.text).toBe('all three answered');
      const completed = events.filter(
        (e): e is Extract<AgentEvent, { type: 'tool-call-completed' }> => e.type === 'tool-call-completed',
      );
      expect(completed.map((e) => e.result).sort()).toEqual(['a done', 'b done', 'c done']);
      expect(events.at(-1)?.type).toBe('run-completed');
    });
  }

  it('ends promptly when aborted while the parallel calls wait for room', async () => {
    const agent = new Agent({ model: script(), tools });
    const stream = agent.stream('go', { bufferSize: 1 });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await sleep(20); // producers are now waiting for room
    stream.abort();
    const error = await within(
      stream.result.catch((e) => e),
      1_000,
    );
    expect(error.code).toBe('aborted');
  });
});
