/** The runner of loops: their steps until `until` holds, at most `maxIterations` times. */
import type { NodeRunner, Place } from '../engine/frame.js';
import { WorkflowError } from '../errors.js';
import type { LoopContext, LoopNode } from '../nodes.js';

/** Runs a loop; iteration `i` runs at `path[i]`, and its `until` decision is kept for resumes. */
export const loopRunner: NodeRunner<LoopNode> = {
  async run(frame) {
    const { engine, node, rec, path } = frame;
    let out = frame.previous;
    for (let i = 1; i <= node.maxIterations; i++) {
      const place: Place = {
        path: `${path}[${i}]`,
        scope: frame.scope,
        signal: frame.signal,
        iteration: i,
      };
      out = await engine.runSteps(node.steps, place, out, rec);
      if (rec.status === 'paused') return undefined;
      if (frame.scope.exit !== undefined) return frame.scope.exit.output;
      const ctx = frame.derive({ previous: out, iteration: i }) as typeof frame & LoopContext;
      const done = await engine.decide(place.path, async () => (await node.until(ctx)) === true);
      if (done) return out;
    }
    if (node.onMaxIterations === 'complete') return out;
    throw new WorkflowError(
      'max_iterations',
      'loop_detected',
      `loop "${path}" ran ${node.maxIterations} iterations and its until predicate never held`,
      { stepPath: path, details: { maxIterations: node.maxIterations } },
    );
  },
};
