/**
 * Sub-steps: an agent run inside a running step (`ctx.runAgent()`, a team leader's delegations)
 * that is not a node of the step tree, recorded in the run's journal under the step's path,
 * with its own events and usage.
 */
import type { Agent, RunInput, RunOptions, RunResult } from '@agno/core';
import { runAgent } from '../agent-runner.js';
import { errorInfo, stepError, WorkflowError } from '../errors.js';
import { NEVER, toAgnoError } from '../policy.js';
import type { StepResult } from '../records.js';
import type { Engine, Frame } from './frame.js';
import { stepCompleted, stepFailed, stepStarted } from './step-events.js';

/**
 * Runs `agent` on `input` as a sub-step of the frame's step, at `<path>/<agent>[n]`. Rejects
 * like the agent's run, and with `invalid_option` when the agent pauses (a sub-step cannot).
 */
export async function runSubAgent(
  frame: Frame,
  agent: Agent,
  input: RunInput,
  options: RunOptions<any> | undefined,
): Promise<RunResult<unknown>> {
  const engine = frame.engine;
  const base = `${frame.path}/${agent.name}`;
  let n = 1;
  while (engine.step(`${base}[${n}]`) !== undefined) n++;
  const rec = await start(engine, `${base}[${n}]`, agent.name);
  const t = performance.now();
  let runOptions = options ?? {};
  if (runOptions.signal === undefined && frame.signal !== NEVER)
    runOptions = { ...runOptions, signal: frame.signal };
  try {
    const result = await runAgent({ engine, path: rec.path, rec }, agent, input, runOptions);
    if (result.status === 'paused') {
      const tools = (result.pending ?? []).map((p) => p.toolName).join(', ');
      throw new WorkflowError(
        'invalid_option',
        'config_error',
        `agent "${agent.name}" paused for confirmation of ${tools} in sub-step "${rec.path}"; a sub-step cannot pause`,
        { stepPath: rec.path },
      );
    }
    await end(engine, rec, t, result.output);
    return result;
  } catch (error) {
    await end(engine, rec, t, undefined, error);
    throw error;
  }
}

async function start(engine: Engine, path: string, name: string): Promise<StepResult> {
  const rec = engine.open(undefined, path, name);
  rec.kind = 'agent';
  rec.attempts = 1;
  if (engine.observed) {
    const p = stepStarted(engine, rec, 1);
    if (p !== undefined) await p;
  }
  return rec;
}

/** Ends a sub-step: completed with `output`, or failed (cancelled) with `error`. */
async function end(
  engine: Engine,
  rec: StepResult,
  t: number,
  output: unknown,
  error?: unknown,
): Promise<void> {
  rec.durationMs = performance.now() - t;
  let p: Promise<void> | undefined;
  if (error === undefined) {
    rec.status = 'completed';
    rec.output = output;
    if (engine.observed) p = stepCompleted(engine, rec);
  } else {
    const err = stepError(toAgnoError(error), rec.path);
    rec.status = engine.signal.aborted ? 'cancelled' : 'failed';
    rec.error = errorInfo(err);
    if (engine.observed && rec.status === 'failed') p = stepFailed(engine, rec, err, 1, false);
  }
  engine.save();
  if (p !== undefined) await p;
}
