/**
 * Guardrails: checks an agent runs on a run's input, its answers, its tool calls and its model
 * calls. A guardrail can let the content through, rewrite it (redaction) or block the run, which
 * then ends with a {@link GuardrailBlockedError}. This module holds the contract and how the
 * guardrails of an agent and of a run are sorted by stage, once.
 */
import { type AgnoErrorOptions, BlockedError, ConfigError } from './errors.js';
import type { ToolCall, Usage } from './messages.js';
import type { ModelRequest, ModelUsage } from './model.js';

/** Where a guardrail acted: the name of the stage's method. */
export type GuardrailStage = 'input' | 'output' | 'beforeTool' | 'afterTool' | 'beforeModel';

/** Ends the run: `block` is the reason (never the blocked content); `details` add structured facts. */
export interface GuardrailBlock {
  block: string;
  details?: Record<string, unknown>;
}

/** What a text check answers: nothing (go on), a block, or the text to use instead. */
// biome-ignore lint/suspicious/noConfusingVoidType: checks that return nothing must type-check.
export type GuardrailVerdict = undefined | void | GuardrailBlock | { rewrite: string };

/** What a tool-call check answers: nothing (go on), a block, or the arguments to call the tool with. */
// biome-ignore lint/suspicious/noConfusingVoidType: checks that return nothing must type-check.
export type ToolCallVerdict = undefined | void | GuardrailBlock | { args: unknown };

/** What a model-call check answers: nothing (go on) or a block. */
// biome-ignore lint/suspicious/noConfusingVoidType: checks that return nothing must type-check.
export type ModelCallVerdict = undefined | void | GuardrailBlock;

/** What every check is told about the run. */
export interface GuardrailContext {
  runId: string;
  sessionId: string | undefined;
  userId: string | undefined;
  agentName: string;
  /** The run's `metadata` option. */
  metadata: Record<string, unknown> | undefined;
  /** Tokens the run has used so far (read only). */
  usage: Readonly<Usage>;
  /** Aborts when the run stops: a check that calls a service should pass it on. */
  signal: AbortSignal;
}

/** What an output check is told besides the run. */
export interface OutputGuardrailContext extends GuardrailContext {
  /** True for the final answer, false for text the model wrote beside tool calls. */
  final: boolean;
  /** True when `text` is one segment of a reply checked as it streams (`pass-through`). */
  partial: boolean;
}

/** What an after-tool check is told besides the run. */
export interface ToolResultGuardrailContext extends GuardrailContext {
  toolCall: ToolCall;
  /** Whether the result is the tool's error message. */
  isError: boolean;
}

/** What a before-model check is told besides the run. */
export interface ModelGuardrailContext extends GuardrailContext {
  /** The model call's index in the run (0 for the first). */
  round: number;
  request: ModelRequest;
}

/** What an after-model check is told besides the run. */
export interface ModelResultGuardrailContext extends GuardrailContext {
  round: number;
  /** What this one model call used (`undefined` when the provider did not say). */
  callUsage: ModelUsage | undefined;
}

/**
 * A guardrail: a name (errors name it) and one or more stages. Each stage may answer at once or
 * with a promise; a check that throws fails closed (the run ends with its error). Stages:
 * - `input`: each text of the run's user input, before the first model call (nothing else runs
 *   until every input check passed: they cost their own latency before the model is called);
 * - `output`: the text of each model reply; on streams see `mode`;
 * - `beforeTool`: each tool call of a model turn, before any tool of the turn runs;
 * - `afterTool`: a tool's result text, before the model or a stream sees it;
 * - `beforeModel` / `afterModel`: around each model call (budgets, rate limits).
 */
export interface Guardrail {
  /** Named in the error of a run it blocks. */
  readonly name: string;
  /**
   * How output checks meet streams. `hold` (default): text deltas wait until the whole reply has
   * passed, so nothing of a blocked answer reaches the consumer. `pass-through`: text is checked
   * and released sentence by sentence, so the consumer reads sooner and a block stops the stream
   * mid-way (the sentences released before it were seen). One `hold` guardrail makes a run hold.
   */
  readonly mode?: 'hold' | 'pass-through';
  /** Checks one text of the run's user input; a rewrite is what the model and the store get. */
  input?(text: string, ctx: GuardrailContext): GuardrailVerdict | Promise<GuardrailVerdict>;
  /** Checks a reply's text (or one sentence of it, `pass-through`); a rewrite is what everyone gets. */
  output?(text: string, ctx: OutputGuardrailContext): GuardrailVerdict | Promise<GuardrailVerdict>;
  /** Checks a tool call before any call of its turn runs; `{ args }` replaces its arguments. */
  beforeTool?(call: ToolCall, ctx: GuardrailContext): ToolCallVerdict | Promise<ToolCallVerdict>;
  /** Checks a tool's result text before the model or a stream sees it. */
  afterTool?(result: string, ctx: ToolResultGuardrailContext): GuardrailVerdict | Promise<GuardrailVerdict>;
  /** Runs before each model call; a block ends the run before the call starts. */
  beforeModel?(ctx: ModelGuardrailContext): ModelCallVerdict | Promise<ModelCallVerdict>;
  /** Runs after each model call that returned, with what it used. */
  afterModel?(ctx: ModelResultGuardrailContext): void | Promise<void>;
}

/** A run blocked by a guardrail: a `blocked` error naming the guardrail and the stage. */
export class GuardrailBlockedError extends BlockedError {
  /** The guardrail that blocked. */
  readonly guardrail: string;
  /** Where it blocked. */
  readonly stage: GuardrailStage;
  constructor(guardrail: string, stage: GuardrailStage, reason: string, details?: Record<string, unknown>) {
    const options: AgnoErrorOptions = { details: { ...details, guardrail, stage } };
    super(`${guardrail} (${stage}): ${reason}`, options);
    this.guardrail = guardrail;
    this.stage = stage;
  }
}

/** The guardrails of a run sorted by stage (a stage's list is absent when no guardrail has it). */
export interface RunGuards {
  readonly all: readonly Guardrail[];
  readonly input: readonly Guardrail[] | undefined;
  readonly output: readonly Guardrail[] | undefined;
  readonly beforeTool: readonly Guardrail[] | undefined;
  readonly afterTool: readonly Guardrail[] | undefined;
  readonly beforeModel: readonly Guardrail[] | undefined;
  readonly afterModel: readonly Guardrail[] | undefined;
  /** Whether streamed replies are held until they pass (see {@link Guardrail.mode}). */
  readonly hold: boolean;
}

const STAGES = ['input', 'output', 'beforeTool', 'afterTool', 'beforeModel', 'afterModel'] as const;

/** Sorts `list` by stage; `undefined` for no guardrails. Throws a `ConfigError` for a malformed one. */
export function sortGuardrails(list: readonly Guardrail[]): RunGuards | undefined {
  if (list.length === 0) return undefined;
  const by: Record<(typeof STAGES)[number], Guardrail[] | undefined> = {
    input: undefined,
    output: undefined,
    beforeTool: undefined,
    afterTool: undefined,
    beforeModel: undefined,
    afterModel: undefined,
  };
  let hold = false;
  for (const g of list) {
    if (g === null || typeof g !== 'object' || typeof g.name !== 'string' || g.name.length === 0) {
      throw new ConfigError('a guardrail needs a non-empty name');
    }
    if (g.mode !== undefined && g.mode !== 'hold' && g.mode !== 'pass-through') {
      throw new ConfigError(`guardrail "${g.name}": mode must be 'hold' or 'pass-through'`);
    }
    let stages = 0;
    for (const stage of STAGES) {
      if (typeof g[stage] === 'function') {
        (by[stage] ??= []).push(g);
        stages++;
      }
    }
    if (stages === 0)
      throw new ConfigError(`guardrail "${g.name}" has no stage (input, output, beforeTool...)`);
    if (g.output !== undefined && g.mode !== 'pass-through') hold = true;
  }
  return { all: list, ...by, hold };
}

/** The guardrails of a run: the agent's (already sorted), then the run's own. */
export function runGuards(
  agent: RunGuards | undefined,
  own: readonly Guardrail[] | undefined,
): RunGuards | undefined {
  if (own === undefined || own.length === 0) return agent;
  return sortGuardrails(agent === undefined ? own : [...agent.all, ...own]);
}
