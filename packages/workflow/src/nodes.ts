/**
 * The step tree: the node kinds the engine runs, and turning what users pass as steps
 * (a step, an agent, a workflow, a team or a function) into nodes.
 */
import type { Agent, RunInput, RunOptions } from '@agno/core';
import { buildError } from './errors.js';
import type { StepKind } from './records.js';
import type { Step, StepContext, StepFunction, StepOptions, Unexit } from './step-types.js';

/** Something that can stand for a step: a workflow or a team. */
export interface StepSource<O = unknown> {
  /** The step that runs this workflow or team inside another workflow. */
  asStep(): Step<O>;
}

/** What a workflow accepts as a step: a step, an agent, a workflow or team, or a named function. */
export type StepLike<O = any> = Step<O> | Agent | StepSource<O> | StepFunction<O>;

/** The output type of a {@link StepLike}. */
export type OutputOfLike<X> =
  X extends Step<infer O>
    ? O
    : X extends Agent
      ? string
      : X extends StepSource<infer O>
        ? O
        : X extends (ctx: any) => infer R
          ? Unexit<Awaited<R>>
          : unknown;

/** The last element of a tuple type. */
export type Last<T extends readonly unknown[]> = T extends readonly [...unknown[], infer L] ? L : T[number];

/** Hooks an agent step offers to code that wraps an agent (teams). @internal */
export interface AgentRunHooks {
  /** Called with the agent run's id before it starts; returns a function called when it ends. */
  onRun(runId: string, ctx: StepContext): () => void;
}

/** A plain async function. */
export interface FunctionNode extends Step<any> {
  readonly kind: 'function';
  readonly fn: StepFunction;
}
/** An agent run. */
export interface AgentNode extends Step<any> {
  readonly kind: 'agent';
  readonly agent: Agent;
  readonly input: ((ctx: StepContext) => RunInput | Promise<RunInput>) | undefined;
  readonly runOptions: Omit<RunOptions<any>, 'signal'> | undefined;
  readonly hooks: AgentRunHooks | undefined;
}
/** Anything with a step list run by the engine as a nested workflow. */
export interface WorkflowLike {
  readonly name: string;
  /** @internal */
  readonly root: SequenceNode;
  /** @internal Validates the input of a nested run. */
  parseInput(input: unknown): Promise<unknown>;
}
/** A nested workflow. */
export interface WorkflowNode extends Step<any> {
  readonly kind: 'workflow';
  readonly workflow: WorkflowLike;
  readonly input: ((ctx: StepContext) => unknown) | undefined;
}
/** Steps one after another. */
export interface SequenceNode extends Step<any> {
  readonly kind: 'sequence';
  readonly steps: readonly Node[];
}
/** Steps at once. */
export interface ParallelNode extends Step<any> {
  readonly kind: 'parallel';
  readonly steps: readonly Node[];
  readonly concurrency: number;
  readonly mode: ParallelMode;
}
/** Steps ordered by their dependencies. */
export interface DagNode extends Step<any> {
  readonly kind: 'dag';
  readonly steps: readonly Node[];
  /** Indices of each step's dependencies. */
  readonly deps: readonly (readonly number[])[];
  /** Indices of the steps that depend on each step. */
  readonly dependents: readonly (readonly number[])[];
  /** Number of dependencies of each step. */
  readonly indegree: Int32Array;
  readonly concurrency: number;
  readonly mode: ParallelMode;
}
/** If/else. */
export interface ConditionNode extends Step<any> {
  readonly kind: 'condition';
  readonly predicate: (ctx: StepContext) => boolean | Promise<boolean>;
  readonly whenTrue: Node;
  readonly whenFalse: Node | undefined;
}
/** Repeats its steps until a predicate holds. */
export interface LoopNode extends Step<any> {
  readonly kind: 'loop';
  readonly steps: readonly Node[];
  readonly until: (ctx: LoopContext) => boolean | Promise<boolean>;
  readonly maxIterations: number;
  readonly onMaxIterations: 'fail' | 'complete';
}
/** Runs one of its routes, picked by a function or an agent. */
export interface RouterNode extends Step<any> {
  readonly kind: 'router';
  readonly routes: readonly Node[];
  readonly byName: ReadonlyMap<string, Node>;
  readonly choose: ((ctx: StepContext) => string | Step | Promise<string | Step>) | undefined;
  readonly agent: Agent | undefined;
  readonly instructions: string | undefined;
}

/** Every node kind. */
export type Node =
  | FunctionNode
  | AgentNode
  | WorkflowNode
  | SequenceNode
  | ParallelNode
  | DagNode
  | ConditionNode
  | LoopNode
  | RouterNode;

/** How a group of concurrent steps reacts to a failure. */
export type ParallelMode = 'fail-fast' | 'collect-all';

/** What a loop's `until` receives: a step context whose `previous` is the output of the iteration that just ended. */
export interface LoopContext<I = unknown, S extends Record<string, unknown> = Record<string, unknown>>
  extends StepContext<I, S> {
  /** The iteration that just ended, from 1. */
  readonly iteration: number;
}

const FORBIDDEN = /[/[\]]/;

/** The path of a child step: `parent/name` (just `name` at the top). */
export function join(path: string, name: string): string {
  return path === '' ? name : `${path}/${name}`;
}

/** Throws `invalid_name` unless `name` can be a path segment. */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw buildError('invalid_name', `${what} needs a non-empty name`);
  }
  if (FORBIDDEN.test(name)) {
    throw buildError('invalid_name', `${what} "${name}": names cannot contain "/", "[" or "]"`);
  }
  return name;
}

function isStep(value: unknown): value is Node {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Step).kind === 'string' &&
    typeof (value as Step).name === 'string' &&
    typeof (value as Step).options === 'object'
  );
}

/** True for an {@link Agent} (duck-typed, so that two copies of core still work together). */
export function isAgent(value: unknown): value is Agent {
  const v = value as Agent;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof v.run === 'function' &&
    typeof v.stream === 'function' &&
    typeof v.continueRun === 'function'
  );
}

/** Turns a {@link StepLike} into a node; throws a build error for anything else. */
export function toNode(value: StepLike, where: string): Node {
  if (isStep(value)) return value;
  if (typeof value === 'function') {
    return functionNode(checkName(value.name, `a function step in ${where} (use step(name, fn))`), value, {});
  }
  if (typeof value === 'object' && value !== null) {
    if (typeof (value as StepSource).asStep === 'function') return (value as StepSource).asStep() as Node;
    if (isAgent(value)) return agentNode(value, {});
  }
  throw buildError(
    'invalid_option',
    `${where}: a step must be a step, an agent, a workflow, a team or a function`,
  );
}

/** Turns a list of {@link StepLike}s into nodes; throws `empty_workflow` for an empty list. */
export function toNodes(values: readonly StepLike[] | undefined, where: string): Node[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw buildError('empty_workflow', `${where} has no steps`);
  }
  const out: Node[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toNode(values[i]!, where);
  return out;
}

/** Builds a function node. */
export function functionNode(name: string, fn: StepFunction, options: StepOptions<any>): FunctionNode {
  if (typeof fn !== 'function') throw buildError('invalid_option', `step "${name}" needs a function`);
  checkOptions(name, options);
  return { kind: 'function', name, fn, options };
}

/** Options of {@link agentStep}. */
export interface AgentStepOptions<O = string> extends StepOptions<O> {
  /** Name of the step (default: the agent's name). */
  name?: string;
  /** Builds the agent's input (default: the previous output, else the workflow input, as text). */
  input?: (ctx: StepContext) => RunInput | Promise<RunInput>;
  /** Options of the agent run (session, limits...). `outputSchema` asks the model for structured output. */
  runOptions?: Omit<RunOptions<O>, 'signal'>;
  /** @internal */
  hooks?: AgentRunHooks;
}

/** Builds an agent node. */
export function agentNode(agent: Agent, options: AgentStepOptions<any>): AgentNode {
  const name = checkName(options.name ?? agent.name, 'an agent step');
  checkOptions(name, options);
  let runOptions = options.runOptions;
  if (options.outputSchema !== undefined && runOptions?.outputSchema === undefined) {
    runOptions = { ...runOptions, outputSchema: options.outputSchema };
  }
  return {
    kind: 'agent',
    name,
    agent,
    input: options.input,
    runOptions,
    hooks: options.hooks,
    options,
  };
}

/** Throws `invalid_option` for options no run could honour. */
export function checkOptions(name: string, options: StepOptions<any>): void {
  const t = options.timeoutMs;
  if (t !== undefined && !(typeof t === 'number' && t > 0)) {
    throw buildError('invalid_option', `step "${name}": timeoutMs must be a positive number`);
  }
  const r = options.retries;
  if (r !== undefined) {
    const max = typeof r === 'number' ? r : r.max;
    if (!Number.isInteger(max) || max < 0) {
      throw buildError(
        'invalid_option',
        `step "${name}": retries must be a whole number of retries, 0 or more`,
      );
    }
  }
  const f = options.onFailure;
  if (
    f !== undefined &&
    f !== 'fail' &&
    f !== 'skip' &&
    !(typeof f === 'object' && f !== null && typeof f.fallback === 'function')
  ) {
    throw buildError(
      'invalid_option',
      `step "${name}": onFailure must be 'fail', 'skip' or { fallback: fn }`,
    );
  }
}

/** True for nodes that contain other steps (and so are never reused whole on resume). */
export function isComposite(kind: StepKind): boolean {
  return kind !== 'function' && kind !== 'agent';
}
