/** The runner of conditions: the branch the predicate picks (a decision kept for resumes). */
import type { NodeRunner } from '../engine/frame.js';
import type { ConditionNode } from '../nodes.js';
import { runBranch } from './branch.js';

/** Runs a condition; without an `otherwise` branch, a false predicate passes its input through. */
export const conditionRunner: NodeRunner<ConditionNode> = {
  async run(frame) {
    const node = frame.node;
    const branch = await frame.engine.decide(frame.path, async () => (await node.predicate(frame)) === true);
    const chosen = branch ? node.whenTrue : node.whenFalse;
    const other = branch ? node.whenFalse : node.whenTrue;
    return runBranch(frame, chosen, other === undefined ? [] : [other], 'condition');
  },
};
