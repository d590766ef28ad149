import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel, sleep } from './fixtures/index.js';
import {
  Agent,
  type AgentEvent,
  type Model,
  type ModelStreamEvent,
  partialResultOf,
  TimeoutError,
} from './index.js';

/** A model whose stream is a hand-written iterator that records how it is read. */
function recordingModel(
  events: ModelStreamEvent[],
  options: { stallAt?: number; throwAt?: number; ignoreSignal?: boolean } = {},
) {
  const log = { nexts: 0, returns: 0, outstanding: 0, maxOutstanding: 0 };
  const model: Model = {
    provider: 'test',
    modelId: 'recording',
    generate: () => Promise.reject(new Error('unused')),
    stream(request) {
      let i = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          next: (): Promise<IteratorResult<ModelStreamEvent>> => {
            log.nexts++;
            if (options.throwAt === i) throw new Error('the stream broke while asked for more');
            if (options.stallAt === i) {
              // Never settles, whatever the signal says (a model that ignores it).
              if (options.ignoreSignal) return new Promise(() => {});
              return new Promise((_, reject) =>
                request.signal?.addEventListener('abort', () => reject(request.signal!.reason)),
              );
            }
            log.outstanding++;
            log.maxOutstanding = Math.max(log.maxOutstanding, log.outstanding);
            const event = events[i++];
            return Promise.resolve().then(() => {
              log.outstanding--;
              return event === undefined ? { value: undefined, done: true } : { value: event, done: false };
            });
          },
          return: (): Promise<IteratorResult<ModelStreamEvent>> => {
            log.returns++;
            return Promise.resolve({ value: undefined, done: true });
          },
        }),
      };
    },
  };
  return { model, log };
}

const deltas = (n: number): ModelStreamEvent[] => [
  ...Array.from({ length: n }, (_, i): ModelStreamEvent => ({ type: 'text-delta', text: `${i % 10}` })),
  { type: 'finish', finishReason: 'stop' },
];
const digits = (n: number) => Array.from({ length: n }, (_, i) => `${i % 10}`).join('');

describe('reading the model stream', () => {
  for (const bufferSize of [1, 2, 64]) {
    for (const textOnly of [false, true]) {
      it(`delivers every delta in order (bufferSize ${bufferSize}, ${textOnly ? 'text only' : 'events'}), fast and slow readers`, async () => {
        for (const slow of [false, true]) {
          const { model, log } = recordingModel(deltas(40));
          const stream = new Agent({ model }).stream('x', { bufferSize, textOnly } as { textOnly: false });
          let text = '';
          for await (const item of stream as AsyncIterable<AgentEvent | string>) {
            if (typeof item === 'string') text += item;
            else if (item.type === 'text-delta') text += item.text;
            if (slow) await sleep(0);
          }
          expect(text).toBe(digits(40));
          expect((await stream.result).text).toBe(digits(40));
          // The model is asked for at most one event ahead of the one being handed over.
          expect(log.maxOutstanding).toBe(1);
          expect(log.returns).toBe(0);
        }
      });
    }
  }

  it('keeps a slow reader within the buffer, the model at most one event further', async () => {
    const { model, log } = recordingModel(deltas(50));
    const it = new Agent({ model }).stream('x', { bufferSize: 4, textOnly: true })[Symbol.asyncIterator]();
    await it.next();
    await sleep(20);
    expect(log.nexts).toBeLessThanOrEqual(1 + 4 + 1);
    let n = 1;
    while (!(await it.next()).done) n++;
    expect(n).toBe(50);
  });

  it('ends the model stream once when the reader stops, and reports the run aborted', async () => {
    const { model, log } = recordingModel(deltas(100));
    const stream = new Agent({ model }).stream('x', { textOnly: true });
    let n = 0;
    for await (const _ of stream) if (++n === 5) break;
    const error = await stream.result.catch((e) => e);
    expect(error.code).toBe('aborted');
    await sleep(5);
    expect(log.returns).toBe(1);
    expect(log.nexts).toBeLessThan(100);
  });

  it('does not end the model stream that itself failed (as for-await), and keeps the partial text', async () => {
    const { model, log } = recordingModel(deltas(10), { throwAt: 6 });
    const stream = new Agent({ model }).stream('x');
    const events: AgentEvent[] = [];
    for await (const e of stream) events.push(e);
    const last = events.at(-1)!;
    expect(last.type).toBe('run-error');
    const error = await stream.result.catch((e) => e);
    expect(error.code).toBe('model_error');
    expect(partialResultOf(error)!.text).toBe('012345');
    expect(log.returns).toBe(0);
  });

  it('ends a stream whose model stalls and ignores its signal at the deadline: the reader gets the error', async () => {
    const { model } = recordingModel(deltas(10), { stallAt: 3, ignoreSignal: true });
    const stream = new Agent({ model }).stream('x', { timeoutMs: 40 });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types.filter((t) => t === 'text-delta')).toHaveLength(3);
    expect(types.at(-1)).toBe('run-error');
    expect(await stream.result.catch((e) => e)).toBeInstanceOf(TimeoutError);
  });

  it('a model that rejects its pending read on abort leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { model } = recordingModel(deltas(10), { stallAt: 4 });
      const stream = new Agent({ model }).stream('x', { textOnly: true });
      let n = 0;
      for await (const _ of stream) if (++n === 4) break;
      await stream.result.catch(() => {});
      await sleep(10);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('reads one stream per model call: a tool round streams both replies in order', async () => {
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 2, b: 3 } }] }, 'The sum is 5.'],
      chunkSize: 1,
    });
    const stream = new Agent({ model, tools: [addTool] }).stream('add');
    const types: string[] = [];
    let text = '';
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'text-delta') text += e.text;
    }
    expect(text).toBe('The sum is 5.');
    expect(types.indexOf('tool-call-completed')).toBeLessThan(types.indexOf('text-delta'));
    expect(types.at(-1)).toBe('run-completed');
    expect((await stream.result).toolCalls).toHaveLength(1);
  });
});
