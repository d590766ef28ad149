/**
 * What an agent derives from its options once, lazily, on its first run: the tool
 * table, the tool specs the model sees, and the static part of the system prompt.
 */
import { ConfigError } from './errors.js';
import type { EventBus } from './events.js';
import { type Guardrail, type RunGuards, sortGuardrails } from './guardrail.js';
import { handoffTool } from './handoff.js';
import { checkCount, checkLimits, checkTimeout } from './limits.js';
import type { Message } from './messages.js';
import type { Model, ModelRequest, ToolSpec } from './model.js';
import type { RunSessionState } from './run-context.js';
import type { Hooks, RunOptions } from './run-types.js';
import type { AgentStore } from './store.js';
import {
  isToolkit,
  isValidToolName,
  MAX_TOOL_NAME_LENGTH,
  type Tool,
  type Toolkit,
  type ToolSource,
} from './tool.js';

/** What instructions functions receive; `C` types the run's `context` value. */
export interface InstructionContext<C = any> {
  agentName: string;
  /** Id of the run. */
  runId: string;
  /** What the run was asked (text, a message, or messages). */
  input: string | Message | Message[];
  sessionId: string | undefined;
  userId: string | undefined;
  metadata: Record<string, unknown> | undefined;
  /** The run's `context` value (`RunOptions.context`), in memory only. */
  context: C | undefined;
  /** The session's state (see `ToolContext.state`). */
  state: RunSessionState;
}

/**
 * Options of an {@link Agent}. Kept by reference: construction copies nothing. `C` types the
 * `context` value runs pass to tools and instructions.
 */
export interface AgentOptions<C = any> {
  /** Name, for events, traces and teams. Default `agent`. */
  name?: string;
  /** What the agent is for (teams and routers read it). */
  description?: string;
  /** The system prompt, or a function that builds it per run. */
  instructions?: string | ((ctx: InstructionContext<C>) => string | Promise<string>);
  /** The model that answers. */
  model: Model;
  /** Tools and toolkits the model may call. */
  tools?: readonly ToolSource[];
  /**
   * Where sessions are kept; without one, runs have no history. Any `SessionStore` fits; a store
   * with history only works too (paused runs are then not kept, and cannot be continued by id).
   */
  store?: AgentStore;
  /** Hooks around model and tool calls (guardrails, logging). */
  hooks?: Hooks;
  /**
   * Checks on every run's input, answers, tool calls and model calls (see `Guardrail`); a run's
   * own `guardrails` are checked after these. Without any, runs pay nothing for them.
   */
  guardrails?: readonly Guardrail[];
  /** Defaults for every run; a run's own options win. */
  defaults?: RunOptions<any, C>;
  /**
   * Agents this one may hand the conversation to: the model gets a `transfer_to_<name>` tool per
   * agent, and after it calls one the other agent answers for the rest of the run (its
   * instructions, model and tools; the run keeps this agent's store, hooks, events and defaults).
   */
  handoffs?: readonly AgentLike[];
  /**
   * Models that answer a turn in order when `model` fails with a retryable error (rate limited,
   * overloaded, 5xx, network) after its client's own retries; a run's `fallbackModels` (or the
   * defaults') take precedence. Events and the result say which model answered.
   */
  fallbackModels?: readonly Model[];
}

/** The parts of an agent that a run reads. */
export interface AgentLike {
  readonly name: string;
  readonly options: AgentOptions;
  readonly hooks: Hooks | undefined;
  readonly bus: EventBus | undefined;
  /** Called once by each run when it has ended (the agent's count of runs in flight). */
  runEnded?(run: object): void;
  /** The agent's tables, built on first use (a handoff target's are read when it takes over). */
  tables?(): Compiled | Promise<Compiled>;
}

/** The derived, immutable tables of an agent. */
export interface Compiled {
  tools: Map<string, Tool>;
  specs: ToolSpec[] | undefined;
  /** The request options every run shares that sets none of its own (tools only). Never changed. */
  request: ModelRequest;
  /** Static system prompt (string instructions plus tool instructions), when static. */
  system: string | undefined;
  /** Tool and toolkit instructions, joined. */
  toolInstructions: string | undefined;
  needsConfirmation: boolean;
  /** The agent's guardrails (its own, then its defaults'), sorted by stage. */
  guards: RunGuards | undefined;
  toolkits: Toolkit[];
  toolNames: () => string;
  /** `provider:modelId` of the agent's model. */
  modelLabel: string;
}

const NO_MESSAGES: readonly Message[] = Object.freeze([]);

/** Builds the {@link Compiled} tables of an agent's options. */
export async function compile(options: AgentOptions): Promise<Compiled> {
  const tools = new Map<string, Tool>();
  const toolkits: Toolkit[] = [];
  const notes: string[] = [];
  let needsConfirmation = false;
  checkLimits(options.defaults ?? {}, 'agent defaults');
  const add = (tool: Tool) => {
    if (!isValidToolName(tool.name))
      throw new ConfigError(
        `invalid tool name "${tool.name}": use 1-${MAX_TOOL_NAME_LENGTH} letters, digits, "_" or "-" (the providers' limit)`,
      );
    checkTimeout(`tool "${tool.name}" timeoutMs`, tool.timeoutMs);
    checkCount(`tool "${tool.name}" maxResultChars`, tool.maxResultChars, 0);
    if (tools.has(tool.name)) throw new ConfigError(`two tools are named "${tool.name}"`);
    tools.set(tool.name, tool);
    if (tool.instructions) notes.push(tool.instructions);
    if (tool.requiresConfirmation) needsConfirmation = true;
  };
  for (const target of options.handoffs ?? []) add(handoffTool(target));
  for (const source of options.tools ?? []) {
    if (isToolkit(source)) {
      toolkits.push(source);
      const kitTools = await source.tools();
      // Read after loading: a toolkit may learn its instructions while it loads (an MCP handshake).
      if (source.instructions) notes.push(source.instructions);
      for (const tool of kitTools) add(tool);
    } else add(source);
  }
  let specs: ToolSpec[] | undefined;
  if (tools.size > 0) {
    specs = [];
    for (const tool of tools.values()) {
      const spec: ToolSpec = { name: tool.name, description: tool.description, parameters: tool.parameters };
      if (tool.strict !== undefined) spec.strict = tool.strict;
      specs.push(spec);
    }
  }
  const toolInstructions = notes.length > 0 ? notes.join('\n\n') : undefined;
  let system: string | undefined;
  if (typeof options.instructions !== 'function') {
    system = joinText(options.instructions, toolInstructions);
  }
  let names: string | undefined;
  const request: ModelRequest = { messages: NO_MESSAGES };
  if (specs !== undefined) request.tools = specs;
  return {
    tools,
    specs,
    request,
    system,
    toolInstructions,
    needsConfirmation,
    guards: sortGuardrails([...(options.guardrails ?? []), ...(options.defaults?.guardrails ?? [])]),
    toolkits,
    toolNames: () => (names ??= [...tools.keys()].join(', ') || '(none)'),
    modelLabel: `${options.model.provider}:${options.model.modelId}`,
  };
}

/** Joins non-empty pieces of a system prompt with blank lines. */
export function joinText(...parts: (string | undefined)[]): string | undefined {
  let out: string | undefined;
  for (const p of parts) if (p) out = out === undefined ? p : `${out}\n\n${p}`;
  return out;
}
