/**
 * Running an agent inside a step: fresh runs, continuing a paused run with a person's
 * decisions, forwarding the agent's events into the workflow's stream, and keeping its usage.
 */
import {
  type Agent,
  type AgentEvent,
  addUsage,
  emptyUsage,
  type Message,
  type PausedRun,
  type PendingToolCall,
  partialResultOf,
  type RunInput,
  type RunOptions,
  type RunResult,
  type ToolDecision,
  type Usage,
  usageSince,
} from '@agno/core';
import type { Engine } from './engine/frame.js';
import { WorkflowError } from './errors.js';
import type { AgentRunSummary, StepResult } from './records.js';

/** What an agent run needs besides the agent: where its events go and where its usage counts. */
export interface AgentRunTarget {
  engine: Engine;
  /** Path of the step running the agent. */
  path: string;
  /** The record that collects the run's usage and summary. */
  rec: StepResult;
  /** Called with the run id before the run starts; returns a function called after it. */
  onRun?: ((runId: string) => () => void) | undefined;
}

function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Message).role === 'string' &&
    'content' in (value as object)
  );
}

/** Turns a step's input value into an agent input: strings and messages as they are, the rest as JSON. */
export function toRunInput(value: unknown): RunInput {
  if (typeof value === 'string') return value;
  if (isMessage(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isMessage)) return value as Message[];
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

function summarise(
  agent: Agent,
  result: RunResult<unknown>,
  status: AgentRunSummary['status'],
): AgentRunSummary {
  return {
    runId: result.runId,
    agent: agent.name,
    status,
    text: result.text,
    modelCalls: result.modelCalls,
    toolCalls: result.toolCalls,
  };
}

function account(
  target: AgentRunTarget,
  agent: Agent,
  result: RunResult<unknown>,
  status: AgentRunSummary['status'],
  base?: Usage,
) {
  const rec = target.rec;
  addUsage((rec.usage ??= emptyUsage()), usageSince(result.usage, base));
  rec.agentRun = summarise(agent, result, status);
}

/** Forwards an event of `agent`'s run into the workflow, tagged with the step and the agent. */
function forward(target: AgentRunTarget, agent: Agent, event: AgentEvent): Promise<void> | undefined {
  const engine = target.engine;
  return engine.emit({
    type: 'agent-event',
    runId: engine.runId,
    path: target.path,
    agent: agent.name,
    event,
  });
}

/** Runs `agent` on `input`; streams its events into the workflow when someone listens. */
export async function runAgent(
  target: AgentRunTarget,
  agent: Agent,
  input: RunInput,
  options: RunOptions<any>,
): Promise<RunResult<unknown>> {
  const engine = target.engine;
  try {
    let result: RunResult<unknown>;
    if (!engine.observed && target.onRun === undefined) {
      result = await agent.run(input, options);
    } else {
      const stream = agent.stream(input, options);
      const runId = stream.runId;
      const done = target.onRun?.(runId);
      // Background work (memory extraction...) reports failures on the agent's bus only.
      const off = engine.observed
        ? agent.events.on('background-error', (event) => {
            if (event.runId === runId) forward(target, agent, event);
          })
        : undefined;
      try {
        if (engine.observed) {
          for await (const event of stream) {
            const p = forward(target, agent, event);
            if (p !== undefined) await p;
          }
        } else {
          for await (const _ of stream) {
            // drained so the agent never waits on a full buffer
          }
        }
        result = await stream.result;
      } finally {
        off?.();
        done?.();
      }
    }
    account(target, agent, result, result.status === 'paused' ? 'paused' : 'completed');
    return result;
  } catch (error) {
    const partial = partialResultOf(error);
    if (partial !== undefined) account(target, agent, partial, 'failed');
    throw error;
  }
}

/** Continues a paused agent run with `decisions`, forwarding its events (through the agent's bus). */
export async function continueAgent(
  target: AgentRunTarget,
  agent: Agent,
  paused: PausedRun,
  decisions: Record<string, ToolDecision>,
  options: RunOptions<any>,
): Promise<RunResult<unknown>> {
  const engine = target.engine;
  let off: (() => void) | undefined;
  if (engine.observed) {
    const runId = paused.runId;
    off = agent.events.on('*', (event: AgentEvent) => {
      if (event.runId === runId) forward(target, agent, event);
    });
  }
  const done = target.onRun?.(paused.runId);
  try {
    const result = await agent.continueRun(paused, decisions, options);
    account(target, agent, result, result.status === 'paused' ? 'paused' : 'completed', paused.usage);
    return result;
  } catch (error) {
    const partial = partialResultOf(error);
    if (partial !== undefined) account(target, agent, partial, 'failed', paused.usage);
    throw error;
  } finally {
    done?.();
    off?.();
  }
}

function isDecision(value: unknown): value is ToolDecision {
  return typeof value === 'object' && value !== null && typeof (value as ToolDecision).approved === 'boolean';
}

/**
 * The decisions for `pending` that `answer` gives: one decision for all calls, or one per call id.
 * Throws `invalid_resume` when a call has no decision.
 */
export function decisionsFor(
  answer: unknown,
  pending: PendingToolCall[],
  path: string,
): Record<string, ToolDecision> {
  const out: Record<string, ToolDecision> = {};
  if (isDecision(answer)) {
    for (const p of pending) out[p.toolCall.id] = answer;
    return out;
  }
  const missing: string[] = [];
  for (const p of pending) {
    const d =
      typeof answer === 'object' && answer !== null
        ? (answer as Record<string, unknown>)[p.toolCall.id]
        : undefined;
    if (isDecision(d)) out[p.toolCall.id] = d;
    else missing.push(`${p.toolCall.id} (${p.toolName})`);
  }
  if (missing.length > 0) {
    throw new WorkflowError(
      'invalid_resume',
      'validation_error',
      `the answer for "${path}" needs { approved: boolean } for every pending call, or one for all; missing: ${missing.join(', ')}`,
      { stepPath: path },
    );
  }
  return out;
}
