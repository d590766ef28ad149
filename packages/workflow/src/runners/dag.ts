/**
 * The runner of DAGs: a ready queue of steps whose dependencies completed, started as long as
 * the concurrency bound allows; a step's input is its dependencies' outputs.
 */
import type { NodeRunner } from '../engine/frame.js';
import type { DagNode } from '../nodes.js';
import type { StepResult } from '../records.js';
import { StepGroup } from './group.js';

/** Runs a DAG; its output maps each completed step's name to its output. */
export const dagRunner: NodeRunner<DagNode> = {
  run(frame) {
    const { engine, node, rec, previous: prev } = frame;
    const { steps, deps, dependents } = node;
    const n = steps.length;
    const limit = node.concurrency;
    const remaining = node.indegree.slice();
    const results: (StepResult | undefined)[] = new Array(n);
    const ready: number[] = [];
    for (let i = 0; i < n; i++) if (remaining[i] === 0) ready.push(i);
    const group = new StepGroup(frame);
    const place = group.place;
    let head = 0;
    let running = 0;
    let paused = false;
    return new Promise<unknown>((resolve, reject) => {
      const finish = () => {
        try {
          group.close();
        } catch (error) {
          return reject(error);
        }
        if (frame.scope.exit !== undefined) return resolve(frame.scope.exit.output);
        if (paused) {
          rec.status = 'paused';
          return resolve(undefined);
        }
        const out: Record<string, unknown> = {};
        for (const r of results) if (r !== undefined && r.status === 'completed') out[r.name] = r.output;
        resolve(out);
      };
      const inputOf = (i: number): unknown => {
        const d = deps[i]!;
        if (d.length === 0) return prev;
        if (d.length === 1) return results[d[0]!]?.output;
        const o: Record<string, unknown> = {};
        for (const j of d) o[steps[j]!.name] = results[j]?.output;
        return o;
      };
      const done = (i: number, r: StepResult) => {
        running--;
        results[i] = r;
        if (r.status === 'paused') paused = true;
        else {
          const list = dependents[i]!;
          for (let k = 0; k < list.length; k++) {
            const d = list[k]!;
            if (--remaining[d]! === 0) ready.push(d);
          }
        }
        group.settled();
        pump();
      };
      const fail = (error: unknown) => {
        running--;
        group.failed(error);
        pump();
      };
      const pump = () => {
        while (head < ready.length && running < limit && group.open) {
          const i = ready[head++]!;
          running++;
          engine.exec(steps[i]!, place, inputOf(i)).then((r) => done(i, r), fail);
        }
        if (running === 0) finish();
      };
      pump();
    });
  },
};
