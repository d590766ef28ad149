/**
 * Errors of the runtime parts. They extend core's {@link AgnoError}, so callers switch on
 * the stable `code` as everywhere else in the framework.
 */
import { AgnoError } from '@agno/core';

/**
 * A queue (of a limiter, an agent pool or a batch processor) is at its `maxQueue` bound.
 * Code `overloaded`, retryable: the caller may try again later or shed the request.
 */
export class QueueFullError extends AgnoError {
  /** The bound that was reached. */
  readonly maxQueue: number;

  constructor(what: string, maxQueue: number) {
    super('overloaded', `the ${what} queue is full (${maxQueue} waiting); try again later`, {
      retryable: true,
      details: { maxQueue },
    });
    this.maxQueue = maxQueue;
  }
}
