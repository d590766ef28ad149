import { AgnoError, TimeoutError, ValidationError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { BatchProcessor } from './batch-processor.js';
import { QueueFullError } from './errors.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchProcessor', () => {
  it('sends full batches at once and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const processor = new BatchProcessor<number, number>({
      maxBatchSize: 2,
      maxWaitMs: 60_000,
      concurrency: 4,
      run: (items) => {
        batches.push(items);
        return items.map((x) => x * 2);
      },
    });
    const results = [1, 2, 3, 4, 5].map((x) => processor.submit(x));
    await tick();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]); // 5 waits for its batch to fill
    processor.flush();
    expect(await Promise.all(results)).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(processor.stats()).toMatchObject({ batches: 3, items: 5, largestBatch: 2, pending: 0 });
  });

  it('sends a partial batch once the oldest item waited maxWaitMs', async () => {
    const batches: string[][] = [];
    const processor = new BatchProcessor<string, string>({
      maxBatchSize: 100,
      maxWaitMs: 5,
      run: async (items) => {
        batches.push(items);
        return items.map((s) => s.toUpperCase());
      },
    });
    const a = processor.submit('a');
    const b = processor.submit('b');
    expect(await Promise.all([a, b])).toEqual(['A', 'B']);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('fails only the item whose slot holds an Error', async () => {
    const processor = new BatchProcessor<string, number>({
      maxBatchSize: 3,
      run: (items) =>
        items.map((s) => (s === 'bad' ? new AgnoError('validation_error', `cannot parse "${s}"`) : s.length)),
    });
    const [ok1, bad, ok2] = await Promise.allSettled([
      processor.submit('one'),
      processor.submit('bad'),
      processor.submit('three'),
    ]);
    expect(ok1).toEqual({ status: 'fulfilled', value: 3 });
    expect(ok2).toEqual({ status: 'fulfilled', value: 5 });
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'validation_error' } });
    expect(processor.stats()).toMatchObject({ failedItems: 1, failedBatches: 0 });
  });

  it('fails every item of a batch whose function throws, and only that batch', async () => {
    const processor = new BatchProcessor<number, number>({
      maxBatchSize: 2,
      run: (items) => {
        if (items.includes(13)) throw new Error('unlucky batch');
        return items;
      },
    });
    const settled = await Promise.allSettled([1, 13, 2, 3].map((x) => processor.submit(x)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[0] as PromiseRejectedResult).reason.message).toBe('unlucky batch');
    expect(processor.stats()).toMatchObject({ failedBatches: 1, failedItems: 2 });
  });

  it('fails the batch with a ValidationError when the function breaks the contract', async () => {
    const processor = new BatchProcessor<number, number>({ maxBatchSize: 3, run: (items) => items.slice(1) });
    const settled = await Promise.allSettled([1, 2, 3].map((x) => processor.submit(x)));
    for (const s of settled) {
      expect(s).toMatchObject({ status: 'rejected', reason: { code: 'validation_error' } });
    }
    expect((settled[0] as PromiseRejectedResult).reason.message).toMatch(/got 2 results for 3 items/);
  });

  it('rejects with QueueFullError past maxQueue, losing no accepted item', async () => {
    const processor = new BatchProcessor<number, number>({
      maxBatchSize: 10,
      maxWaitMs: 60_000,
      maxQueue: 2,
      run: (items) => items,
    });
    const a = processor.submit(1);
    const b = processor.submit(2);
    await expect(processor.submit(3)).rejects.toBeInstanceOf(QueueFullError);
    processor.flush();
    expect(await Promise.all([a, b])).toEqual([1, 2]);
  });

  it('drops an aborted item from its batch before it is sent', async () => {
    const seen: string[][] = [];
    const processor = new BatchProcessor<string, string>({
      maxBatchSize: 10,
      maxWaitMs: 60_000,
      run: (items) => {
        seen.push(items);
        return items;
      },
    });
    const controller = new AbortController();
    const gone = processor.submit('gone', { signal: controller.signal });
    const kept = processor.submit('kept');
    controller.abort();
    await expect(gone).rejects.toMatchObject({ code: 'aborted' });
    processor.flush();
    expect(await kept).toBe('kept');
    expect(seen).toEqual([['kept']]);
    await expect(processor.submit('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'aborted',
    });
  });

  it('runs one batch at a time by default and overlaps them with concurrency > 1', async () => {
    const trace = async (concurrency: number) => {
      const log: string[] = [];
      const processor = new BatchProcessor<number, number>({
        maxBatchSize: 1,
        concurrency,
        run: async (items) => {
          log.push(`start ${items[0]}`);
          await tick();
          log.push(`end ${items[0]}`);
          return items;
        },
      });
      await Promise.all([1, 2].map((x) => processor.submit(x)));
      return log;
    };
    expect(await trace(1)).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    expect(await trace(2)).toEqual(['start 1', 'start 2', 'end 1', 'end 2']);
  });

  it('close() sends what waits, waits for it, then refuses new items', async () => {
    const processor = new BatchProcessor<number, number>({
      maxBatchSize: 10,
      maxWaitMs: 60_000,
      run: (i) => i,
    });
    const pending = processor.submit(7);
    await processor.close();
    expect(await pending).toBe(7);
    await expect(processor.submit(8)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('a batch that never settles fails its items with a TimeoutError and blocks neither later batches nor close()', async () => {
    const signals: AbortSignal[] = [];
    const processor = new BatchProcessor<string, string>({
      maxBatchSize: 2,
      maxWaitMs: 60_000,
      batchTimeoutMs: 50,
      run: (items, { signal }) => {
        signals.push(signal!);
        if (items.includes('stuck')) return new Promise<never>(() => {}); // a hung backend
        return items.map((s) => s.toUpperCase());
      },
    });
    const stuck = [processor.submit('stuck'), processor.submit('too')];
    const later = [processor.submit('a'), processor.submit('b')];
    const settled = await Promise.allSettled(stuck);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      const reason = (s as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(TimeoutError);
      expect(reason.message).toMatch(/the batch timed out after 50 ms/);
    }
    expect(signals[0]!.aborted).toBe(true); // the batch function is told to stop
    expect(await Promise.all(later)).toEqual(['A', 'B']);
    await processor.close(); // resolves although the first batch never settled
    expect(processor.stats()).toMatchObject({ batches: 2, failedBatches: 1, failedItems: 2, inFlight: 0 });
  });

  it('the timeout covers item promises too: an item promise that hangs fails alone', async () => {
    const processor = new BatchProcessor<number, number>({
      maxBatchSize: 3,
      batchTimeoutMs: 50,
      run: (items) => items.map((n) => (n === 2 ? new Promise<number>(() => {}) : Promise.resolve(n * 10))),
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => processor.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'timeout' });
    await processor.close();
    expect(processor.stats()).toMatchObject({ failedItems: 1, failedBatches: 1, inFlight: 0 });
  });

  it('a rejected promise returned as an item result fails that item and counts in stats()', async () => {
    const processor = new BatchProcessor<string, number>({
      maxBatchSize: 3,
      run: (items) =>
        items.map((s) =>
          s === 'bad'
            ? Promise.reject(new ValidationError(`cannot parse "${s}"`))
            : Promise.resolve(s.length),
        ),
    });
    const [ok, bad, ok2] = await Promise.allSettled([
      processor.submit('one'),
      processor.submit('bad'),
      processor.submit('three'),
    ]);
    expect(ok).toEqual({ status: 'fulfilled', value: 3 });
    expect(ok2).toEqual({ status: 'fulfilled', value: 5 });
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    expect(processor.stats()).toMatchObject({ items: 3, failedItems: 1, failedBatches: 0 });
  });

  it('refuses a batch timeout that is not a positive number', () => {
    const run = (items: number[]) => items;
    for (const batchTimeoutMs of [0, -5, Number.NaN, '10' as unknown as number]) {
      expect(() => new BatchProcessor({ run, batchTimeoutMs })).toThrow(
        expect.objectContaining({ code: 'config_error' }),
      );
    }
  });

  it('rejects bad options with a ConfigError', () => {
    const run = (items: number[]) => items;
    expect(() => new BatchProcessor({ run, maxBatchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'config_error' }),
    );
    expect(() => new BatchProcessor({ run, maxWaitMs: -1 })).toThrow(
      expect.objectContaining({ code: 'config_error' }),
    );
    expect(() => new BatchProcessor({ run: undefined as never })).toThrow(/run function/);
  });
});
