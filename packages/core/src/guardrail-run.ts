/**
 * Running a run's guardrails at each stage: the input before the first model call, each model
 * call, each reply's text, the tool calls of a turn before any runs, each tool's result. A block
 * ends the run with a {@link GuardrailBlockedError}, after the blocked content was taken out of
 * what the run will record; a check that throws ends the run too (fails closed).
 */
import { AgnoError, hookFailure } from './errors.js';
import {
  type Guardrail,
  type GuardrailBlock,
  GuardrailBlockedError,
  type GuardrailContext,
  type RunGuards,
} from './guardrail.js';
import { emptyUsage, type Message, type ToolCall, type Usage } from './messages.js';
import type { ModelRequest } from './model.js';
import type { WholeResponse } from './model-response.js';

/** What a guardrail check needs from a run (a run, or the host of a tool call). */
export interface GuardHost {
  readonly runId: string;
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly agent: { readonly name: string };
  readonly toolSignal: AbortSignal;
  readonly guards?: RunGuards | undefined;
  readonly usage?: Usage;
  readonly options?: { readonly metadata?: Record<string, unknown> };
}

/** What the input and output checks need besides: the run's conversation and its stop check. */
export interface GuardedRun extends GuardHost {
  messages: Message[];
  readonly runStart: number;
  /** Text of the model call in progress (recorded if the run fails): cleared on a block. */
  pendingText: string;
  checkAbort(): void;
}

function context(host: GuardHost): GuardrailContext {
  return {
    runId: host.runId,
    sessionId: host.sessionId,
    userId: host.userId,
    agentName: host.agent.name,
    metadata: host.options?.metadata,
    usage: host.usage ?? emptyUsage(),
    signal: host.toolSignal,
  };
}

/** Where a guardrail acted. */
type Stage = GuardrailBlockedError['stage'];

function isBlock(v: unknown): v is GuardrailBlock {
  return typeof v === 'object' && v !== null && typeof (v as GuardrailBlock).block === 'string';
}

/** Calls one check; a throw (other than a typed error) becomes a `hook_error` naming the guardrail. */
async function ask<V>(g: Guardrail, stage: Stage | 'afterModel', call: () => V | Promise<V>): Promise<V> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof AgnoError ? error : hookFailure(`guardrail "${g.name}" (${stage})`, error);
  }
}

function blocked(g: Guardrail, stage: Stage, v: GuardrailBlock): GuardrailBlockedError {
  return new GuardrailBlockedError(g.name, stage, v.block, v.details);
}

/** Runs text checks in order, each on the text the one before let through; the text to use. */
async function checkText<C>(
  list: readonly Guardrail[],
  stage: 'input' | 'output' | 'afterTool',
  text: string,
  ctx: C,
  onBlock: () => void,
): Promise<string> {
  for (const g of list) {
    const fn = g[stage] as (text: string, ctx: C) => ReturnType<NonNullable<Guardrail['input']>>;
    const v = await ask(g, stage, () => fn.call(g, text, ctx));
    if (isBlock(v)) {
      onBlock();
      throw blocked(g, stage, v);
    }
    if (typeof v === 'object' && v !== null && typeof v.rewrite === 'string') text = v.rewrite;
  }
  return text;
}

/**
 * Checks the text of each user message of the run's input (each text part of a message with
 * parts); rewritten texts replace the input with new message objects (the caller's stay as they
 * are). On a block the input is dropped from the run, so the failed run records none of it.
 */
export async function guardInput(run: GuardedRun): Promise<void> {
  const list = run.guards!.input!;
  const ctx = context(run);
  const drop = () => {
    run.messages.length = run.runStart;
  };
  const messages = run.messages;
  for (let i = run.runStart; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') {
      const text = await checkText(list, 'input', m.content, ctx, drop);
      if (text !== m.content) messages[i] = { ...m, content: text };
      continue;
    }
    let parts: typeof m.content | undefined;
    for (let j = 0; j < m.content.length; j++) {
      const part = m.content[j]!;
      if (part.type !== 'text') continue;
      const text = await checkText(list, 'input', part.text, ctx, drop);
      if (text !== part.text) (parts ??= m.content.slice())[j] = { ...part, text };
    }
    if (parts !== undefined) messages[i] = { ...m, content: parts };
  }
  run.checkAbort();
}

/** Checks a model reply's text (whole); the reply to use (a copy when a check rewrote the text). */
export async function guardReply(run: GuardedRun, response: WholeResponse): Promise<WholeResponse> {
  if (response.text.length === 0) return response;
  const ctx = { ...context(run), final: response.toolCalls.length === 0, partial: false };
  const text = await checkText(run.guards!.output!, 'output', response.text, ctx, () => {
    run.pendingText = '';
  });
  run.checkAbort();
  return text === response.text ? response : { ...response, text };
}

/** Where a streamed reply may be cut for a pass-through check: after a sentence's end. */
const SENTENCE_END = /[.!?;:](?=\s)|\n/g;
/** A segment longer than this is checked even without a sentence end. */
const MAX_SEGMENT = 2000;

/**
 * A streamed reply checked as it flows (`pass-through`): text is released sentence by sentence,
 * each sentence after it passed; a block stops the stream there. `text` is what was released.
 */
export class PassThroughGate {
  /** The released (checked, possibly rewritten) text so far. */
  text = '';
  private held = '';

  constructor(
    private readonly run: GuardedRun,
    private readonly release: (text: string) => Promise<void> | undefined,
  ) {}

  /** Takes a text delta; releases the complete sentences it ends. */
  async push(delta: string): Promise<void> {
    this.held += delta;
    let cut = -1;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(this.held); m !== null; m = SENTENCE_END.exec(this.held)) {
      cut = m.index + m[0].length;
    }
    if (cut < 0 && this.held.length < MAX_SEGMENT) return;
    if (cut < 0) cut = this.held.length;
    const segment = this.held.slice(0, cut);
    this.held = this.held.slice(cut);
    await this.check(segment, false);
  }

  /** Checks and releases what is left when the reply ended. */
  async end(final: boolean): Promise<void> {
    const rest = this.held;
    this.held = '';
    if (rest.length > 0) await this.check(rest, final);
  }

  private async check(segment: string, final: boolean): Promise<void> {
    const run = this.run;
    const ctx = { ...context(run), final, partial: true };
    const text = await checkText(run.guards!.output!, 'output', segment, ctx, () => {
      run.pendingText = '';
    });
    run.checkAbort();
    if (text.length === 0) return;
    this.text += text;
    const p = this.release(text);
    if (p !== undefined) await p;
  }
}

/**
 * Checks the tool calls of a model turn, all before any of them runs; the calls to make (new
 * objects where a check rewrote the arguments). A block ends the run before the turn is recorded.
 */
export async function guardToolCalls(host: GuardHost, calls: ToolCall[]): Promise<ToolCall[]> {
  const list = host.guards!.beforeTool!;
  const ctx = context(host);
  let out: ToolCall[] | undefined;
  for (let i = 0; i < calls.length; i++) {
    let call = calls[i]!;
    for (const g of list) {
      const v = await ask(g, 'beforeTool', () => g.beforeTool!(call, ctx));
      if (isBlock(v)) throw blocked(g, 'beforeTool', v);
      if (typeof v === 'object' && v !== null && 'args' in v) {
        call = { ...call, args: v.args };
        (out ??= calls.slice())[i] = call;
      }
    }
  }
  return out ?? calls;
}

/** Checks a tool's result text before anyone sees it; the text to use. */
export function guardToolResult(
  host: GuardHost,
  call: ToolCall,
  result: string,
  isError: boolean,
): Promise<string> {
  const ctx = { ...context(host), toolCall: call, isError };
  return checkText(host.guards!.afterTool!, 'afterTool', result, ctx, () => {});
}

/** Runs the before-model checks (budgets): a block ends the run before the model is called. */
export async function guardModelCall(host: GuardHost, request: ModelRequest, round: number): Promise<void> {
  const ctx = { ...context(host), round, request };
  for (const g of host.guards!.beforeModel!) {
    const v = await ask(g, 'beforeModel', () => g.beforeModel!(ctx));
    if (isBlock(v)) throw blocked(g, 'beforeModel', v);
  }
}

/** Tells the after-model checks what one model call used. */
export async function guardModelDone(
  host: GuardHost,
  callUsage: WholeResponse['usage'],
  round: number,
): Promise<void> {
  const ctx = { ...context(host), round, callUsage };
  for (const g of host.guards!.afterModel!) await ask(g, 'afterModel', () => g.afterModel!(ctx));
}
