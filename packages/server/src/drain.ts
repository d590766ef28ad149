/**
 * Waiting for work in flight at shutdown: wait for `pending`; past `timeoutMs`, call `stop` (which
 * makes the work end) and wait for it still, so its error events and store writes happen.
 */
import { timerDelay } from '@agno/core';

/** Waits for `pending`, calling `stop` once if they outlast `timeoutMs` (undefined: wait as long as they take). */
export async function drainWithin(
  pending: Promise<unknown>[],
  timeoutMs: number | undefined,
  stop: () => void,
): Promise<void> {
  if (pending.length === 0) return;
  const all = Promise.all(pending);
  const delay = timerDelay(timeoutMs);
  if (delay !== undefined) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), delay);
    });
    const first = await Promise.race([all, late]);
    clearTimeout(timer);
    if (first === 'late') stop();
  }
  await all;
}
