/**
 * Step builders: `step`, `agentStep`, `sequence`, `parallel`, `dag`, `condition`, `loop`, `router`.
 * Each checks its definition when called, so a wrong workflow fails when it is built.
 */
import type { Agent, StandardSchemaV1 } from '@agno/core';
import { findCycle } from './dag.js';
import { buildError } from './errors.js';
import {
  type AgentStepOptions,
  agentNode,
  type ConditionNode,
  checkName,
  checkOptions,
  type DagNode,
  functionNode,
  type Last,
  type LoopContext,
  type LoopNode,
  type Node,
  type OutputOfLike,
  type ParallelMode,
  type ParallelNode,
  type RouterNode,
  type SequenceNode,
  type StepLike,
  toNode,
  toNodes,
} from './nodes.js';
import type { Step, StepContext, StepFunction, StepOptions, Unexit } from './step-types.js';

/** A function step. With an `outputSchema`, the output is validated and typed by it. */
export function step<S extends StandardSchemaV1>(
  name: string,
  fn: StepFunction<unknown>,
  options: StepOptions<StandardSchemaV1.InferOutput<S>> & { outputSchema: S },
): Step<StandardSchemaV1.InferOutput<S>>;
/** A function step: `fn` gets the step context and returns the step's output. */
export function step<R>(
  name: string,
  fn: StepFunction<R>,
  options?: StepOptions<Unexit<Awaited<R>>>,
): Step<Unexit<Awaited<R>>>;
export function step(name: string, fn: StepFunction<unknown>, options: StepOptions<any> = {}): Step<any> {
  return functionNode(checkName(name, 'a step'), fn, options);
}

/** An agent step: runs `agent` on the previous output (or the workflow input), or on what `input` builds. */
export function agentStep<O = string>(agent: Agent, options: AgentStepOptions<O> = {}): Step<O> {
  return agentNode(agent, options) as Step<O>;
}

/** Runs `steps` one after another; its output is the last step's. */
export function sequence<const T extends readonly StepLike[]>(
  name: string,
  steps: T,
  options: StepOptions<OutputOfLike<Last<T>>> = {},
): Step<OutputOfLike<Last<T>>> {
  checkName(name, 'a sequence');
  checkOptions(name, options);
  const node: SequenceNode = { kind: 'sequence', name, steps: toNodes(steps, `sequence "${name}"`), options };
  return node as Step<any>;
}

/** Options of {@link parallel} and {@link dag}. */
export interface ConcurrentOptions extends StepOptions<Record<string, unknown>> {
  /** How many steps run at once. Default: all. */
  concurrency?: number;
  /**
   * `fail-fast` (default): the first failure cancels the running steps and fails the group.
   * `collect-all`: every step runs to its end; then the group fails if any step failed.
   */
  mode?: ParallelMode;
}

function concurrencyOf(name: string, options: ConcurrentOptions): number {
  const c = options.concurrency;
  if (c === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(c) || c < 1) {
    throw buildError('invalid_option', `"${name}": concurrency must be a whole number, 1 or more`);
  }
  return c;
}

function modeOf(name: string, options: ConcurrentOptions): ParallelMode {
  const m = options.mode ?? 'fail-fast';
  if (m !== 'fail-fast' && m !== 'collect-all') {
    throw buildError('invalid_option', `"${name}": mode must be 'fail-fast' or 'collect-all'`);
  }
  return m;
}

function uniqueNames(name: string, nodes: readonly Node[]): Map<string, number> {
  const byName = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!.name;
    if (byName.has(n)) throw buildError('duplicate_step', `"${name}" has two steps named "${n}"`);
    byName.set(n, i);
  }
  return byName;
}

/** Runs `steps` at once (up to `concurrency`); its output maps each step's name to its output. */
export function parallel(
  name: string,
  steps: readonly StepLike[],
  options: ConcurrentOptions = {},
): Step<Record<string, unknown>> {
  checkName(name, 'a parallel group');
  checkOptions(name, options);
  const nodes = toNodes(steps, `parallel "${name}"`);
  uniqueNames(name, nodes);
  const node: ParallelNode = {
    kind: 'parallel',
    name,
    steps: nodes,
    concurrency: concurrencyOf(name, options),
    mode: modeOf(name, options),
    options,
  };
  return node;
}

/** A DAG entry: a step and the steps (names or steps) it waits for. */
export interface DagEntry {
  step: StepLike;
  dependsOn?: readonly (string | Step)[];
}

/**
 * Runs `entries` as soon as their dependencies complete (independent ones at once). A cycle,
 * a dependency that names no entry, or two entries with one name is an error here, at build time.
 * Its output maps each step's name to its output. A step with one dependency gets that
 * dependency's output as `previous`; with several, an object of them by name.
 */
export function dag(
  name: string,
  entries: readonly (StepLike | DagEntry)[],
  options: ConcurrentOptions = {},
): Step<Record<string, unknown>> {
  checkName(name, 'a DAG');
  checkOptions(name, options);
  if (!Array.isArray(entries) || entries.length === 0)
    throw buildError('empty_workflow', `DAG "${name}" has no steps`);
  const nodes: Node[] = [];
  const wanted: (readonly (string | Step)[])[] = [];
  for (const entry of entries) {
    const isEntry = typeof entry === 'object' && entry !== null && 'step' in entry && !('kind' in entry);
    nodes.push(toNode(isEntry ? (entry as DagEntry).step : (entry as StepLike), `DAG "${name}"`));
    wanted.push(isEntry ? ((entry as DagEntry).dependsOn ?? []) : []);
  }
  const byName = uniqueNames(name, nodes);
  const deps: number[][] = [];
  const dependents: number[][] = nodes.map(() => []);
  const indegree = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const list: number[] = [];
    for (const d of wanted[i]!) {
      const depName = typeof d === 'string' ? d : d?.name;
      const j = depName === undefined ? undefined : byName.get(depName);
      if (j === undefined) {
        throw buildError(
          'missing_dependency',
          `DAG "${name}": step "${nodes[i]!.name}" depends on "${String(depName)}", which is not in the DAG`,
        );
      }
      if (list.includes(j)) continue;
      list.push(j);
      dependents[j]!.push(i);
    }
    deps.push(list);
    indegree[i] = list.length;
  }
  const cycle = findCycle(deps);
  if (cycle !== undefined) {
    const names = cycle.map((i) => nodes[i]!.name);
    throw buildError('cycle', `DAG "${name}" has a cycle: ${names.join(' → ')}`);
  }
  const node: DagNode = {
    kind: 'dag',
    name,
    steps: nodes,
    deps,
    dependents,
    indegree,
    concurrency: concurrencyOf(name, options),
    mode: modeOf(name, options),
    options,
  };
  return node;
}

/** The branches of a {@link condition}. */
export interface ConditionBranches<A, B> {
  /** Decides which branch runs. */
  when: (ctx: StepContext) => boolean | Promise<boolean>;
  /** Runs when `when` holds. */
  run: StepLike<A>;
  /** Runs when it does not. */
  otherwise?: StepLike<B>;
}

/**
 * Runs `run` when `when` holds, else `otherwise`. With no `otherwise` and a false predicate,
 * the previous output passes through.
 */
export function condition<A, B = unknown>(
  name: string,
  branches: ConditionBranches<A, B>,
  options: StepOptions<A | B> = {},
): Step<A | B> {
  checkName(name, 'a condition');
  checkOptions(name, options);
  if (typeof branches?.when !== 'function')
    throw buildError('invalid_option', `condition "${name}" needs when`);
  if (branches.run === undefined)
    throw buildError('empty_workflow', `condition "${name}" needs a step to run`);
  const yes = toNode(branches.run, `condition "${name}"`);
  const no = branches.otherwise === undefined ? undefined : toNode(branches.otherwise, `condition "${name}"`);
  if (no !== undefined && no.name === yes.name) {
    throw buildError('duplicate_step', `condition "${name}" has two steps named "${yes.name}"`);
  }
  const node: ConditionNode = {
    kind: 'condition',
    name,
    predicate: branches.when,
    whenTrue: yes,
    whenFalse: no,
    options,
  };
  return node as Step<A | B>;
}

/** The definition of a {@link loop}. */
export interface LoopDefinition<T extends readonly StepLike[]> {
  /** The steps of one iteration, in order. */
  steps: T;
  /** Checked after each iteration; the loop ends when it returns true. */
  until: (ctx: LoopContext) => boolean | Promise<boolean>;
  /** Most iterations. */
  maxIterations: number;
  /**
   * When `until` never held: `fail` (default) ends in a `max_iterations` error;
   * `complete` ends the loop with the last iteration's output.
   */
  onMaxIterations?: 'fail' | 'complete';
}

/**
 * Repeats `steps` until `until` holds, at most `maxIterations` times. Each iteration's first step
 * gets the previous iteration's output; the loop's output is the last iteration's.
 * Steps inside run at paths `loop[1]/step`, `loop[2]/step`...
 */
export function loop<const T extends readonly StepLike[]>(
  name: string,
  definition: LoopDefinition<T>,
  options: StepOptions<OutputOfLike<Last<T>>> = {},
): Step<OutputOfLike<Last<T>>> {
  checkName(name, 'a loop');
  checkOptions(name, options);
  const steps = toNodes(definition?.steps, `loop "${name}"`);
  uniqueNames(name, steps);
  if (typeof definition.until !== 'function')
    throw buildError('invalid_option', `loop "${name}" needs until`);
  const max = definition.maxIterations;
  if (!Number.isInteger(max) || max < 1) {
    throw buildError('invalid_option', `loop "${name}": maxIterations must be a whole number, 1 or more`);
  }
  const onMax = definition.onMaxIterations ?? 'fail';
  if (onMax !== 'fail' && onMax !== 'complete') {
    throw buildError('invalid_option', `loop "${name}": onMaxIterations must be 'fail' or 'complete'`);
  }
  const node: LoopNode = {
    kind: 'loop',
    name,
    steps,
    until: definition.until,
    maxIterations: max,
    onMaxIterations: onMax,
    options,
  };
  return node as Step<any>;
}

/** The definition of a {@link router}: routes, and a function or an agent that picks one. */
export interface RouterDefinition<T extends readonly StepLike[]> {
  routes: T;
  /** Returns the name of the route to run (or the route's step). */
  choose?: (ctx: StepContext) => string | Step | Promise<string | Step>;
  /** An agent that answers with the name of the route to run (it sees each route's name and description). */
  agent?: Agent;
  /** Extra instructions for the agent, before the list of routes. */
  instructions?: string;
}

/** Runs one of `routes`, picked by `choose` or by an agent; its output is that route's. */
export function router<const T extends readonly StepLike[]>(
  name: string,
  definition: RouterDefinition<T>,
  options: StepOptions<OutputOfLike<T[number]>> = {},
): Step<OutputOfLike<T[number]>> {
  checkName(name, 'a router');
  checkOptions(name, options);
  const routes = toNodes(definition?.routes, `router "${name}"`);
  const byIndex = uniqueNames(name, routes);
  const byName = new Map<string, Node>();
  for (const [n, i] of byIndex) byName.set(n, routes[i]!);
  const hasChoose = typeof definition.choose === 'function';
  if (hasChoose === (definition.agent !== undefined)) {
    throw buildError('invalid_option', `router "${name}" needs exactly one of choose or agent`);
  }
  const node: RouterNode = {
    kind: 'router',
    name,
    routes,
    byName,
    choose: definition.choose,
    agent: definition.agent,
    instructions: definition.instructions,
    options,
  };
  return node as Step<any>;
}
