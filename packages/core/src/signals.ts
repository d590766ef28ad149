/**
 * Linking to an abort signal: one place for the listener bookkeeping every caller of a signal
 * needs (an already-aborted signal, removing the listener when done).
 */

/**
 * Calls `onAbort(reason)` when `signal` aborts (at once when it already has). Returns a function
 * that removes the listener; call it when the work is done so that no listener outlives it.
 */
export function linkSignal(signal: AbortSignal, onAbort: (reason: unknown) => void): () => void {
  if (signal.aborted) {
    onAbort(signal.reason);
    return noop;
  }
  const listener = () => onAbort(signal.reason);
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

function noop(): void {}
