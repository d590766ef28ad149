/** The runner of function steps: calls the function with the step's context. */
import type { Frame, NodeRunner } from '../engine/frame.js';
import type { FunctionNode } from '../nodes.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** The step's output, or its pause when it asked for input that has no answer yet. */
function settle(frame: Frame, value: unknown): unknown {
  if (frame.pending === undefined) return value;
  // an attempt already abandoned (timed out, cancelled) records nothing more
  if (!frame.signal.aborted) frame.pauseStep();
  return undefined;
}

function pausedOr(frame: Frame, error: unknown): unknown {
  if (frame.pending === undefined) throw error;
  return settle(frame, undefined);
}

/** Runs a function step (its frame is its context). A function that returns at once is not awaited. */
export const functionRunner: NodeRunner<FunctionNode> = {
  run(frame) {
    let out: unknown;
    try {
      out = frame.node.fn(frame);
    } catch (error) {
      return pausedOr(frame, error);
    }
    if (isThenable(out)) {
      return Promise.resolve(out).then(
        (value) => settle(frame, value),
        (error: unknown) => pausedOr(frame, error),
      );
    }
    return settle(frame, out);
  },
};
