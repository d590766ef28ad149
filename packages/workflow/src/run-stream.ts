/**
 * A run as a stream: the bounded channel its events go through, the run's result beside it,
 * and cancelling the run when the consumer stops reading.
 */
import { AbortedError, Channel, errorMessage } from '@agno/core';
import type { Execution } from './engine/execution.js';
import { WorkflowError } from './errors.js';
import type { WorkflowEvent, WorkflowStream } from './events.js';
import type { WorkflowResult } from './records.js';

/**
 * Streams the execution `make` builds (on the channel it is given) and `run` runs. A failure to
 * build it (a refused resume) is the stream's one `workflow-error` event.
 */
export function streamRun<O>(
  runId: string,
  bufferSize: number | undefined,
  make: (queue: Channel<WorkflowEvent>) => Promise<Execution>,
  run: (exec: Execution) => Promise<WorkflowResult<unknown>>,
): WorkflowStream<O> {
  let exec: Execution | undefined;
  let cancelled = false;
  const reason = new AbortedError('the stream consumer stopped reading');
  const queue = new Channel<WorkflowEvent>(Math.max(1, bufferSize ?? 256), () => {
    cancelled = true;
    exec?.cancel(reason);
  });
  const result = (async () => {
    try {
      exec = await make(queue);
    } catch (error) {
      const err =
        error instanceof WorkflowError
          ? error
          : new WorkflowError('invalid_resume', 'validation_error', errorMessage(error), { cause: error });
      queue.push({ type: 'workflow-error', runId, error: err });
      throw err;
    }
    if (cancelled) exec.cancel(reason);
    return run(exec);
  })();
  // A failed run ends the stream normally: its failure is the last event (`workflow-error`)
  // and `result` rejects; the consumer's loop does not throw.
  const end = () => queue.end();
  result.then(end, end);
  return {
    result: result as Promise<WorkflowResult<O>>,
    runId,
    abort: () => {
      queue.return();
    },
    [Symbol.asyncIterator]: () => queue,
  };
}
