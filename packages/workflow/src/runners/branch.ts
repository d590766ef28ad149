/** What conditions and routers share: run the chosen branch after recording the others as skipped. */
import type { Frame } from '../engine/frame.js';
import type { Node } from '../nodes.js';

/**
 * Records `others` as not run (for `reason`), then runs `chosen` on the frame's input. The output
 * is the branch's; the input passes through when no branch runs or the branch was skipped.
 */
export async function runBranch(
  frame: Frame,
  chosen: Node | undefined,
  others: readonly Node[],
  reason: 'condition' | 'router',
): Promise<unknown> {
  const engine = frame.engine;
  for (const other of others) await engine.skip(other, frame, reason);
  if (chosen === undefined) return frame.previous;
  const r = await engine.exec(chosen, frame, frame.previous);
  if (r.status === 'paused') {
    frame.rec.status = 'paused';
    return undefined;
  }
  return r.status === 'completed' ? r.output : frame.previous;
}
