import type { Agent } from '@agno/core';
import type { EvalDefinition } from '@agno/evals';

/** The calculator agent the smoke eval runs. */
export declare const agent: Agent;
/** The smoke eval. */
declare const definition: EvalDefinition;
export default definition;
