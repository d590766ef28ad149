/** The runner of agent steps: runs the agent, or continues its paused run with a person's decisions. */
import type { RunInput, RunResult } from '@agno/core';
import { continueAgent, decisionsFor, runAgent, toRunInput } from '../agent-runner.js';
import type { NodeRunner } from '../engine/frame.js';
import type { AgentNode } from '../nodes.js';
import { NEVER } from '../policy.js';

/** Runs an agent step; a run that stops for tool confirmation pauses the step. */
export const agentRunner: NodeRunner<AgentNode> = {
  async run(frame) {
    const { engine, node, rec, path, signal } = frame;
    const agent = node.agent;
    const options = signal === NEVER ? (node.runOptions ?? {}) : { ...node.runOptions, signal };
    const hooks = node.hooks;
    const target = {
      engine,
      path,
      rec,
      onRun: hooks === undefined ? undefined : (runId: string) => hooks.onRun(runId, frame),
    };
    const pause = rec.pause;
    let result: RunResult<unknown>;
    if (pause?.kind === 'confirmation') {
      const decisions = decisionsFor(engine.answers?.get(path), pause.pending, path);
      result = await continueAgent(target, agent, pause.agentRun, decisions, options);
    } else {
      let input: RunInput;
      if (node.input !== undefined) input = await node.input(frame);
      else input = toRunInput(frame.previous !== undefined ? frame.previous : frame.scope.input);
      result = await runAgent(target, agent, input, options);
    }
    if (result.status === 'paused') {
      rec.status = 'paused';
      rec.pause = {
        kind: 'confirmation',
        id: path,
        path,
        stepName: node.name,
        agent: agent.name,
        pending: result.pending ?? [],
        agentRun: result.paused!,
      };
      return undefined;
    }
    return result.output;
  },
};
