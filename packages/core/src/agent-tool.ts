/**
 * Agents as tools (`agent.asTool()`): the model's request runs a sub-agent inside the parent's
 * tool call. Its events stream nested under the parent's, its usage adds to the parent's, the
 * parent's signal stops it, and a pause of the sub-agent pauses the parent (see `sub-run.ts`).
 */
import { AgnoError, ValidationError } from './errors.js';
import type { AgentEvent } from './events.js';
import { addUsage, type Message, usageSince } from './messages.js';
import { partialResultOf } from './run.js';
import type { RunBase } from './run-base.js';
import { RUN_HOST } from './run-context.js';
import type { PausedRun, RunOptions, RunResult, StreamOptions, ToolDecision } from './run-types.js';
import type { JSONSchema } from './schema.js';
import { takeResume } from './sub-run.js';
import type { Tool, ToolContext } from './tool.js';

/** What `asTool` needs of an agent (an `Agent` is one). */
export interface SubAgent {
  readonly name: string;
  readonly options: { readonly description?: string };
  run(input: string | Message | Message[], options?: RunOptions<any>): Promise<RunResult<any>>;
  stream(
    input: string | Message | Message[],
    options?: StreamOptions<any> & { textOnly?: false },
  ): AsyncIterable<AgentEvent> & { readonly result: Promise<RunResult<any>> };
  continueRun(
    paused: PausedRun,
    decisions: Record<string, ToolDecision>,
    options?: RunOptions<any>,
  ): Promise<RunResult<any>>;
  continueStream(
    paused: PausedRun,
    decisions: Record<string, ToolDecision>,
    options?: StreamOptions<any> & { textOnly?: false },
  ): AsyncIterable<AgentEvent> & { readonly result: Promise<RunResult<any>> };
}

/** Options of `agent.asTool()`. */
export interface AgentToolOptions<Args = { input: string }> {
  /** The tool's name. Default: the agent's name. */
  name?: string;
  /** What the tool does, for the model. Default: the agent's description. */
  description?: string;
  /** JSON Schema of the arguments. Default: `{ input: string }`, the sub-agent's prompt. */
  parameters?: JSONSchema;
  /** Turns the arguments into the sub-agent's input. Default: `args.input`, else the arguments as JSON. */
  inputBuilder?: (args: Args) => string | Message | Message[];
  /** What the tool returns from the sub-agent's result. Default: its `output` (its text, or parsed structured output). */
  outputExtractor?: (result: RunResult<unknown>) => unknown;
  /** Options of every sub-agent run (`maxToolRounds`, `outputSchema`, `timeoutMs`...). */
  runOptions?: RunOptions<any>;
  /** The parent's run pauses for a person to approve each call. */
  requiresConfirmation?: boolean;
  /** The call is abandoned after this many milliseconds (the sub-agent run is stopped). */
  timeoutMs?: number;
}

const INPUT: JSONSchema = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The request, with everything needed to act on it.' } },
  required: ['input'],
  additionalProperties: false,
};

/** What the sub-run of a call needs from the parent run (core's `RunBase`). */
type Host = RunBase<unknown>;

/** The tool that runs `agent` (see {@link AgentToolOptions}). */
export function agentTool<Args>(agent: SubAgent, options: AgentToolOptions<Args>): Tool<Args, unknown> {
  return {
    name: options.name ?? agent.name,
    description: options.description ?? agent.options.description ?? `Ask ${agent.name}.`,
    parameters: options.parameters ?? INPUT,
    ...(options.requiresConfirmation !== undefined && { requiresConfirmation: options.requiresConfirmation }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    execute: (args, context) => callAgent(agent, options, args, context),
  };
}

function inputOf<Args>(options: AgentToolOptions<Args>, args: Args): string | Message | Message[] {
  if (options.inputBuilder !== undefined) return options.inputBuilder(args);
  const input = (args as { input?: unknown } | undefined)?.input;
  if (options.parameters === undefined) {
    if (typeof input !== 'string') throw new ValidationError('the sub-agent needs an "input" string');
    return input;
  }
  return JSON.stringify(args ?? {});
}

async function callAgent<Args>(
  agent: SubAgent,
  options: AgentToolOptions<Args>,
  args: Args,
  context: ToolContext,
): Promise<unknown> {
  const host = (context as { [RUN_HOST]?: Host })[RUN_HOST];
  const resume = host === undefined ? undefined : takeResume(host, context.toolCallId);
  const runOptions: StreamOptions<any> = {
    ...options.runOptions,
    signal: context.signal,
    userId: context.userId,
    context: context.context,
  };
  // A sub-agent keeps its own conversation per parent session: `<parent session>/<agent name>`.
  if (runOptions.sessionId === undefined && context.sessionId !== undefined) {
    runOptions.sessionId = `${context.sessionId}/${agent.name}`;
  }
  const base = resume?.paused.usage;
  let result: RunResult<unknown>;
  try {
    result =
      host?.observed === true
        ? await forward(host, agent, context.toolCallId, resume, () => inputOf(options, args), runOptions)
        : resume !== undefined
          ? await agent.continueRun(resume.paused, resume.decisions, runOptions)
          : await agent.run(inputOf(options, args), runOptions);
  } catch (error) {
    const partial = partialResultOf(error);
    if (host !== undefined && partial !== undefined) addUsage(host.usage, usageSince(partial.usage, base));
    throw error;
  }
  if (host !== undefined) addUsage(host.usage, usageSince(result.usage, base));
  if (result.status === 'paused') {
    if (host === undefined) throw new AgnoError('tool_error', `${agent.name} paused outside an agent run`);
    host.nestPause(context.toolCallId, { agent: agent.name, paused: result.paused! });
    return undefined;
  }
  return options.outputExtractor === undefined ? result.output : options.outputExtractor(result);
}

/** Runs (or continues) the sub-agent as a stream, passing each event to the parent's stream. */
async function forward(
  host: Host,
  agent: SubAgent,
  toolCallId: string,
  resume: { paused: PausedRun; decisions: Record<string, ToolDecision> } | undefined,
  input: () => string | Message | Message[],
  options: StreamOptions<any>,
): Promise<RunResult<unknown>> {
  const stream =
    resume === undefined
      ? agent.stream(input(), options)
      : agent.continueStream(resume.paused, resume.decisions, options);
  for await (const event of stream) {
    const p = host.emit({ type: 'agent-event', runId: host.runId, agent: agent.name, toolCallId, event });
    if (p !== undefined) await p;
  }
  return stream.result;
}
