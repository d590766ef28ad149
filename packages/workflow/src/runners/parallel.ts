/** The runner of parallel groups: their steps at once (bounded), fail-fast or collect-all. */
import { mapConcurrent } from '@agno/core/utils';
import type { NodeRunner } from '../engine/frame.js';
import type { ParallelNode } from '../nodes.js';
import type { StepResult } from '../records.js';
import { StepGroup } from './group.js';

/** Runs a parallel group; its output maps each completed step's name to its output. */
export const parallelRunner: NodeRunner<ParallelNode> = {
  async run(frame) {
    const { engine, rec, previous: prev } = frame;
    const group = new StepGroup(frame);
    const place = group.place;
    // Each call settles (failures go to the group), so every started step ends before the group does.
    const results = await mapConcurrent(
      frame.node.steps,
      frame.node.concurrency,
      async (child): Promise<StepResult | undefined> => {
        if (!group.open) return undefined;
        try {
          const r = await engine.exec(child, place, prev);
          group.settled();
          return r;
        } catch (error) {
          group.failed(error);
          return undefined;
        }
      },
    );
    group.close();
    const exit = frame.scope.exit;
    if (exit !== undefined) return exit.output;
    const out: Record<string, unknown> = {};
    for (const r of results) {
      if (r === undefined) continue;
      if (r.status === 'paused') rec.status = 'paused';
      else if (r.status === 'completed') out[r.name] = r.output;
    }
    return rec.status === 'paused' ? undefined : out;
  },
};
