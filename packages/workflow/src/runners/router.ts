/** The runner of routers: the route a function or an agent picks (a decision kept for resumes). */
import type { RunOptions } from '@agno/core';
import { runAgent, toRunInput } from '../agent-runner.js';
import type { Frame, NodeRunner } from '../engine/frame.js';
import { WorkflowError } from '../errors.js';
import type { RouterNode } from '../nodes.js';
import { NEVER } from '../policy.js';
import { parseRouteChoice, routingInstructions } from '../route-choice.js';
import { runBranch } from './branch.js';

function unknownRoute(frame: Frame, said: string, names?: readonly string[]): WorkflowError {
  const known = names === undefined ? '' : ` (${names.join(', ')})`;
  return new WorkflowError(
    'unknown_step',
    'not_found',
    `router "${frame.path}" chose "${said.slice(0, 200)}", which is none of its routes${known}`,
    { stepPath: frame.path },
  );
}

/** The route a router's agent names; its usage and run count in the router's record. */
async function askAgent(frame: Frame<RouterNode>): Promise<string> {
  const { node, path, signal } = frame;
  const instructions = routingInstructions(node.routes);
  const options: RunOptions<any> = {
    additionalInstructions:
      node.instructions === undefined ? instructions : `${node.instructions}\n\n${instructions}`,
  };
  if (signal !== NEVER) options.signal = signal;
  const input = toRunInput(frame.previous !== undefined ? frame.previous : frame.scope.input);
  const result = await runAgent({ engine: frame.engine, path, rec: frame.rec }, node.agent!, input, options);
  if (result.status === 'paused') {
    throw new WorkflowError(
      'invalid_option',
      'config_error',
      `router "${path}": its agent paused for tool confirmation, which a router cannot do`,
      { stepPath: path },
    );
  }
  return result.text;
}

/** The route a router's function or agent picks; `unknown_step` when it names none. */
async function chooseRoute(frame: Frame<RouterNode>): Promise<string> {
  const node = frame.node;
  if (node.choose !== undefined) {
    const picked = await node.choose(frame);
    const said = typeof picked === 'string' ? picked : String(picked?.name);
    if (!node.byName.has(said)) throw unknownRoute(frame, said, [...node.byName.keys()]);
    return said;
  }
  const names = [...node.byName.keys()];
  const said = await askAgent(frame);
  const name = parseRouteChoice(said, names);
  if (name === undefined) throw unknownRoute(frame, said, names);
  return name;
}

/** Runs a router; the routes not taken are recorded as skipped. */
export const routerRunner: NodeRunner<RouterNode> = {
  async run(frame) {
    const node = frame.node;
    const chosen = await frame.engine.decide(frame.path, () => chooseRoute(frame));
    const route = node.byName.get(chosen);
    // a decision kept from an earlier run may name a route this definition no longer has
    if (route === undefined) throw unknownRoute(frame, chosen);
    return runBranch(
      frame,
      route,
      node.routes.filter((r) => r !== route),
      'router',
    );
  },
};
