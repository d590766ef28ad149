/** The runner of sequences: their steps one after another. */
import type { NodeRunner } from '../engine/frame.js';
import type { SequenceNode } from '../nodes.js';

/** Runs a sequence; its output is the last step's (or an early exit's). */
export const sequenceRunner: NodeRunner<SequenceNode> = {
  run(frame) {
    return frame.engine.runSteps(frame.node.steps, frame, frame.previous, frame.rec);
  },
};
