/**
 * Bounded concurrency: run an async function over a list with at most `limit` calls in flight,
 * results in input order. The one copy core's tool runner and the workflow's groups share.
 */

/**
 * Calls `fn` for every item, at most `limit` at once (`Infinity` for no bound), and resolves with
 * the results in input order. On the first rejection no further item starts and the promise
 * rejects with that error; calls already started are not waited for (as with `Promise.all`), so a
 * caller that must see every call end lets `fn` handle its own failures.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const n = items.length;
  if (n === 0) return [];
  if (n === 1) return [await fn(items[0]!, 0)];
  if (limit >= n) return Promise.all(items.map(fn));
  const out: R[] = new Array(n);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < n) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const k = Math.max(1, Math.floor(limit));
  const workers: Promise<void>[] = new Array(k);
  for (let w = 0; w < k; w++) workers[w] = worker();
  await Promise.all(workers);
  return out;
}
