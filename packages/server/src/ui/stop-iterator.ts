/**
 * Stopping an async iterator from the consumer side without waiting on it.
 */

/**
 * Calls `it.return()` and does not wait for it: a source stuck in a read still hears at once
 * (an agno stream cancels its run); whatever `return` throws or rejects with is dropped.
 */
export function stopIterator(it: AsyncIterator<unknown> | undefined): void {
  if (it?.return === undefined) return;
  try {
    Promise.resolve(it.return()).catch(() => {});
  } catch {
    // Stopped as far as it can be.
  }
}
