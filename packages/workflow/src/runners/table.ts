/** The runner of each node kind: the one place the engine looks a node's work up. */
import type { NodeRunner } from '../engine/frame.js';
import type { Node } from '../nodes.js';
import type { StepKind } from '../records.js';
import { agentRunner } from './agent.js';
import { conditionRunner } from './condition.js';
import { dagRunner } from './dag.js';
import { functionRunner } from './function.js';
import { loopRunner } from './loop.js';
import { parallelRunner } from './parallel.js';
import { routerRunner } from './router.js';
import { sequenceRunner } from './sequence.js';
import { workflowRunner } from './workflow.js';

/** Runners by node kind. */
export const RUNNERS: { readonly [K in StepKind]: NodeRunner<Extract<Node, { kind: K }>> } = {
  function: functionRunner,
  agent: agentRunner,
  workflow: workflowRunner,
  sequence: sequenceRunner,
  parallel: parallelRunner,
  dag: dagRunner,
  condition: conditionRunner,
  loop: loopRunner,
  router: routerRunner,
};
