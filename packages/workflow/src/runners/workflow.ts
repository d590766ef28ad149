/** The runner of nested workflows: their steps in a scope of their own (input, outputs, early exit). */
import type { NodeRunner, Scope } from '../engine/frame.js';
import { WorkflowError } from '../errors.js';
import type { WorkflowNode } from '../nodes.js';

/** Runs a nested workflow on its input (checked against its schema). */
export const workflowRunner: NodeRunner<WorkflowNode> = {
  async run(frame) {
    const { node, path } = frame;
    const wf = node.workflow;
    let input: unknown;
    if (node.input !== undefined) input = await node.input(frame);
    else input = frame.previous !== undefined ? frame.previous : frame.scope.input;
    try {
      input = await wf.parseInput(input);
    } catch (error) {
      if (error instanceof WorkflowError && error.stepPath === undefined) {
        throw new WorkflowError(error.reason, error.code, `step "${path}": ${error.message}`, {
          cause: error,
          stepPath: path,
          details: error.details,
        });
      }
      throw error;
    }
    const inner: Scope = { input, outputs: {}, exit: undefined };
    const place = {
      path,
      scope: inner,
      signal: frame.signal,
      iteration: undefined,
    };
    return frame.engine.runSteps(wf.root.steps, place, undefined, frame.rec);
  },
};
