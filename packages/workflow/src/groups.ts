/**
 * The runners of steps that contain steps: parallel groups, DAGs, conditions, loops, routers
 * and nested workflows. Each runs its children through the execution, which applies their
 * policies and journals them.
 */
import { AbortedError, type RunOptions } from '@agno/core';
import { runAgent, toRunInput } from './agent-runner.js';
import type { Ctx } from './context.js';
import { WorkflowError } from './errors.js';
import { type Execution, errorInfo, type Scope } from './execution.js';
import {
  type ConditionNode,
  type DagNode,
  join,
  type LoopNode,
  type ParallelNode,
  type RouterNode,
  type WorkflowNode,
} from './nodes.js';
import { ChildSignal, NEVER, toAgnoError } from './policy.js';
import { parseRouteChoice, routingInstructions } from './route-choice.js';
import type { StepResult } from './types.js';

const EXIT_REASON = new AbortedError('cancelled: a step ended the workflow early');

/** Runs a parallel group: its steps at once (bounded), fail-fast or collect-all. */
export async function runParallel(
  exec: Execution,
  node: ParallelNode,
  rec: StepResult,
  path: string,
  prev: unknown,
  scope: Scope,
  signal: AbortSignal,
  iteration: number | undefined,
): Promise<unknown> {
  const steps = node.steps;
  const n = steps.length;
  const group = new ChildSignal(signal);
  const results: (StepResult | undefined)[] = new Array(n);
  const failures: unknown[] = [];
  let failure: unknown;
  let next = 0;
  const failFast = node.mode === 'fail-fast';
  const worker = async (): Promise<void> => {
    while (next < n && failure === undefined && !group.signal.aborted) {
      const i = next++;
      const child = steps[i]!;
      try {
        results[i] = await exec.exec(child, join(path, child.name), prev, scope, group.signal, iteration);
        if (scope.exit !== undefined) group.abort(EXIT_REASON);
      } catch (error) {
        if (signal.aborted) failure ??= error;
        else if (group.signal.aborted && (failure !== undefined || scope.exit !== undefined)) {
          // cancelled by this group (a sibling failed or ended the workflow)
        } else if (failFast) {
          failure = error;
          const at = error instanceof WorkflowError ? error.stepPath : undefined;
          group.abort(new AbortedError(`cancelled: step "${at ?? path}" failed`));
        } else failures.push(error);
      }
    }
  };
  const k = Math.min(n, node.concurrency);
  const workers: Promise<void>[] = new Array(k);
  for (let w = 0; w < k; w++) workers[w] = worker();
  await Promise.all(workers);
  group.dispose();
  if (failure !== undefined) throw failure;
  if (failures.length > 0) throw groupFailure(path, failures);
  if (scope.exit !== undefined) return scope.exit.output;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const r = results[i];
    if (r === undefined) continue;
    if (r.status === 'paused') rec.status = 'paused';
    else if (r.status === 'completed') out[r.name] = r.output;
  }
  return rec.status === 'paused' ? undefined : out;
}

/** Runs a DAG: each step once its dependencies completed, independent ones at once. */
export function runDag(
  exec: Execution,
  node: DagNode,
  rec: StepResult,
  path: string,
  prev: unknown,
  scope: Scope,
  signal: AbortSignal,
  iteration: number | undefined,
): Promise<unknown> {
  const steps = node.steps;
  const n = steps.length;
  const deps = node.deps;
  const dependents = node.dependents;
  const remaining = node.indegree.slice();
  const results: (StepResult | undefined)[] = new Array(n);
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (remaining[i] === 0) ready.push(i);
  const group = new ChildSignal(signal);
  const failFast = node.mode === 'fail-fast';
  const failures: unknown[] = [];
  let failure: unknown;
  let head = 0;
  let running = 0;
  let paused = false;
  return new Promise<unknown>((resolve, reject) => {
    const finish = () => {
      group.dispose();
      if (failure !== undefined) return reject(failure);
      if (failures.length > 0) return reject(groupFailure(path, failures));
      if (scope.exit !== undefined) return resolve(scope.exit.output);
      if (paused) {
        rec.status = 'paused';
        return resolve(undefined);
      }
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const r = results[i];
        if (r !== undefined && r.status === 'completed') out[r.name] = r.output;
      }
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
      if (scope.exit !== undefined) group.abort(EXIT_REASON);
      pump();
    };
    const fail = (error: unknown) => {
      running--;
      if (signal.aborted) failure ??= error;
      else if (group.signal.aborted && (failure !== undefined || scope.exit !== undefined)) {
        // cancelled by this group
      } else if (failFast) {
        failure = error;
        const at = error instanceof WorkflowError ? error.stepPath : undefined;
        group.abort(new AbortedError(`cancelled: step "${at ?? path}" failed`));
      } else failures.push(error);
      pump();
    };
    const pump = () => {
      const limit = node.concurrency;
      while (head < ready.length && running < limit && failure === undefined && !group.signal.aborted) {
        const i = ready[head++]!;
        const child = steps[i]!;
        running++;
        exec
          .exec(child, join(path, child.name), inputOf(i), scope, group.signal, iteration)
          .then((r) => done(i, r), fail);
      }
      if (running === 0) finish();
    };
    pump();
  });
}

/** Runs a condition: the branch its predicate picks (a decision kept for resumes). */
export async function runCondition(
  exec: Execution,
  node: ConditionNode,
  rec: StepResult,
  path: string,
  prev: unknown,
  scope: Scope,
  signal: AbortSignal,
  iteration: number | undefined,
  attempt: number,
): Promise<unknown> {
  const branch = await exec.decide(path, async () => {
    const ctx = exec.ctx(scope, rec, path, node.name, prev, signal, attempt, iteration);
    return (await node.predicate(ctx)) === true;
  });
  const chosen = branch ? node.whenTrue : node.whenFalse;
  const other = branch ? node.whenFalse : node.whenTrue;
  if (other !== undefined) await exec.skip(other, join(path, other.name), 'condition');
  if (chosen === undefined) return prev;
  const r = await exec.exec(chosen, join(path, chosen.name), prev, scope, signal, iteration);
  if (r.status === 'paused') {
    rec.status = 'paused';
    return undefined;
  }
  return r.status === 'completed' ? r.output : prev;
}

/** Runs a loop: its steps until `until` holds, at most `maxIterations` times. */
export async function runLoop(
  exec: Execution,
  node: LoopNode,
  rec: StepResult,
  path: string,
  prev: unknown,
  scope: Scope,
  signal: AbortSignal,
  attempt: number,
): Promise<unknown> {
  let out = prev;
  for (let i = 1; i <= node.maxIterations; i++) {
    const iterPath = `${path}[${i}]`;
    out = await exec.runSteps(node.steps, iterPath, out, scope, signal, i, rec);
    if (rec.status === 'paused') return undefined;
    if (scope.exit !== undefined) return scope.exit.output;
    const last = out;
    const done = await exec.decide(iterPath, async () => {
      const ctx = exec.ctx(scope, rec, path, node.name, last, signal, attempt, i);
      return (await node.until(ctx as Ctx & { iteration: number })) === true;
    });
    if (done) return out;
  }
  if (node.onMaxIterations === 'complete') return out;
  throw new WorkflowError(
    'max_iterations',
    'loop_detected',
    `loop "${path}" ran ${node.maxIterations} iterations and its until predicate never held`,
    { stepPath: path, details: { maxIterations: node.maxIterations } },
  );
}

/** Runs a router: the route its chooser picks (a decision kept for resumes). */
export async function runRouter(
  exec: Execution,
  node: RouterNode,
  rec: StepResult,
  path: string,
  prev: unknown,
  scope: Scope,
  signal: AbortSignal,
  iteration: number | undefined,
  attempt: number,
): Promise<unknown> {
  const chosen = await exec.decide(path, () =>
    chooseRoute(exec, node, rec, path, prev, scope, signal, iteration, attempt),
  );
  const route = node.byName.get(chosen);
  if (route === undefined) {
    throw new WorkflowError(
      'unknown_step',
      'not_found',
      `router "${path}" chose "${chosen}", which is none of its routes`,
      {
        stepPath: path,
      },
    );
  }
  for (const other of node.routes) {
    if (other !== route) await exec.skip(other, join(path, other.name), 'router');
  }
  const r = await exec.exec(route, join(path, route.name), prev, scope, signal, iteration);
  if (r.status === 'paused') {
    rec.status = 'paused';
    return undefined;
  }
  return r.status === 'completed' ? r.output : prev;
}

/** The route a router's function or agent picks; `unknown_step` when it names none. */
export async function chooseRoute(
  exec: Execution,
  node: RouterNode,
  rec: StepResult,
  path: string,
  prev: unknown,
  scope: Scope,
  signal: AbortSignal,
  iteration: number | undefined,
  attempt: number,
): Promise<string> {
  const names = [...node.byName.keys()];
  let name: string | undefined;
  let said: string;
  if (node.choose !== undefined) {
    const picked = await node.choose(exec.ctx(scope, rec, path, node.name, prev, signal, attempt, iteration));
    said = typeof picked === 'string' ? picked : String(picked?.name);
    name = node.byName.has(said) ? said : undefined;
  } else {
    const agent = node.agent!;
    const options: RunOptions<any> = {
      additionalInstructions:
        node.instructions === undefined
          ? routingInstructions(node.routes)
          : `${node.instructions}\n\n${routingInstructions(node.routes)}`,
    };
    if (signal !== NEVER) options.signal = signal;
    const result = await runAgent(
      { exec, path, rec },
      agent,
      toRunInput(prev !== undefined ? prev : scope.input),
      options,
    );
    if (result.status === 'paused') {
      throw new WorkflowError(
        'invalid_option',
        'config_error',
        `router "${path}": its agent paused for tool confirmation, which a router cannot do`,
        { stepPath: path },
      );
    }
    said = result.text;
    name = parseRouteChoice(said, names);
  }
  if (name === undefined) {
    throw new WorkflowError(
      'unknown_step',
      'not_found',
      `router "${path}" chose "${said.slice(0, 200)}", which is none of its routes (${names.join(', ')})`,
      { stepPath: path },
    );
  }
  return name;
}

/** Runs a nested workflow in its own scope (outputs, input, early exit). */
export async function runWorkflow(
  exec: Execution,
  node: WorkflowNode,
  rec: StepResult,
  path: string,
  prev: unknown,
  scope: Scope,
  signal: AbortSignal,
  iteration: number | undefined,
  attempt: number,
): Promise<unknown> {
  const wf = node.workflow;
  let input: unknown;
  if (node.input !== undefined) {
    input = await node.input(exec.ctx(scope, rec, path, node.name, prev, signal, attempt, iteration));
  } else input = prev !== undefined ? prev : scope.input;
  try {
    input = await wf.parseInput(input);
  } catch (error) {
    if (error instanceof WorkflowError && error.stepPath === undefined) {
      throw new WorkflowError(error.reason, error.code, `step "${path}": ${error.message}`, {
        cause: error,
        stepPath: path,
        details: error.details,
      });
    }
    throw error;
  }
  const inner: Scope = { input, outputs: {}, exit: undefined };
  return exec.runSteps(wf.root.steps, path, undefined, inner, signal, undefined, rec);
}

function groupFailure(path: string, failures: unknown[]): unknown {
  if (failures.length === 1) return failures[0];
  const errors = failures.map(toAgnoError);
  const first = errors[0]!;
  return new WorkflowError(
    'step_failed',
    first.code,
    `${errors.length} steps of "${path}" failed: ${errors.map((e) => e.message).join('; ')}`,
    { cause: first, stepPath: path, details: { failures: errors.map(errorInfo) } },
  );
}
