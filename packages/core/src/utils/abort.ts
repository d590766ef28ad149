/**
 * Racing work against a signal, turning abort reasons into typed errors, and abortable waits.
 * (Per-call scopes with deadlines are `SignalScope`, in core's main entry.)
 */
import { AbortedError, AgnoError, linkSignal, TimeoutError } from '../index.js';

/**
 * Resolves like `promise`, or rejects with `signal`'s reason as soon as it aborts. A rejection of
 * `promise` after that is handled (never an unhandled rejection).
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(ignore);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const unlink = linkSignal(signal, (reason) => {
      promise.catch(ignore);
      reject(reason);
    });
    promise.then(
      (value) => {
        unlink();
        resolve(value);
      },
      (error: unknown) => {
        unlink();
        reject(error);
      },
    );
  });
}

/**
 * The error to throw for an abort `reason`: an {@link AgnoError} as it is (a deadline's
 * {@link TimeoutError}, a shutdown's error), a DOM `TimeoutError` (from `AbortSignal.timeout`) as a
 * {@link TimeoutError}, anything else as an {@link AbortedError} whose cause is the reason.
 */
export function abortError(reason: unknown, what = 'the call'): AgnoError {
  if (reason instanceof AgnoError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new TimeoutError(`${what} timed out`, { cause: reason });
  }
  return new AbortedError(`${what} was aborted`, { cause: reason });
}

/** Waits `ms` milliseconds, or rejects with `signal`'s reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unlink?.();
      resolve();
    }, ms);
    const unlink =
      signal === undefined
        ? undefined
        : linkSignal(signal, (reason) => {
            clearTimeout(timer);
            reject(reason);
          });
  });
}

function ignore(): void {}
