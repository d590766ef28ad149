/**
 * Core's {@link ModelRequest} as Messages API parameters.
 */
import {
  ModelError,
  type ModelRequest,
  type ResponseFormat,
  type ToolChoice,
  type ToolSpec,
} from '@agno/core';
import type {
  ToolChoice as AnthropicToolChoice,
  CacheControlEphemeral,
  MessageCreateParamsBase,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import { toConversation } from './conversation.js';
import { type AnthropicModelOptions, DEFAULT_MAX_TOKENS } from './options.js';
import { applyReasoning } from './reasoning.js';
import { type OutputTool, outputTool } from './structured-output.js';

/** Where prompt-caching markers go, resolved once per model from its options. */
export interface CachePlan {
  system: CacheControlEphemeral | undefined;
  tools: CacheControlEphemeral | undefined;
  lastMessage: CacheControlEphemeral | undefined;
}

/** Resolves the `cache` option into markers (undefined when caching is off). */
export function cachePlan(cache: AnthropicModelOptions['cache']): CachePlan | undefined {
  if (cache === undefined || cache === false) return undefined;
  const o = cache === true ? {} : cache;
  const marker: CacheControlEphemeral =
    o.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: o.ttl };
  return {
    system: o.system === false ? undefined : marker,
    tools: o.tools === false ? undefined : marker,
    lastMessage: o.messages === false ? undefined : marker,
  };
}

/** The parameters of one call, and the output tool when structured output goes through one. */
export interface BuiltRequest {
  params: MessageCreateParamsBase;
  output: OutputTool | undefined;
}

/** Builds request parameters; a model keeps one builder (it caches converted tool lists). */
export class RequestBuilder {
  private readonly toolCache = new WeakMap<readonly ToolSpec[], { tools: Tool[]; names: Set<string> }>();
  private readonly outputCache = new WeakMap<
    ResponseFormat,
    { names: ReadonlySet<string> | undefined; output: OutputTool }
  >();
  /** Whether the API version in use accepts sampling parameters (versions before 2026-10-21 do). */
  private readonly sampling: boolean;

  constructor(
    private readonly modelId: string,
    private readonly options: AnthropicModelOptions,
    private readonly cache: CachePlan | undefined,
  ) {
    this.sampling = options.apiVersion !== undefined && options.apiVersion < SAMPLING_REMOVED_IN;
  }

  /** The parameters for `request` (`stream` is set by the caller). */
  build(request: ModelRequest): BuiltRequest {
    const o = this.options;
    const cache = this.cache;
    const conversation = toConversation(
      request.messages,
      cache === undefined ? undefined : { system: cache.system, lastMessage: cache.lastMessage },
    );
    const params: MessageCreateParamsBase = {
      model: this.modelId,
      max_tokens: request.maxTokens ?? o.maxTokens ?? DEFAULT_MAX_TOKENS,
      messages: conversation.messages,
    };
    if (conversation.system !== undefined) params.system = conversation.system;
    if (request.temperature !== undefined) {
      if (!this.sampling) throw temperatureRejected();
      (params as { temperature?: number }).temperature = request.temperature;
    }
    if (request.stop !== undefined && request.stop.length > 0) params.stop_sequences = [...request.stop];

    const specs = request.tools !== undefined && request.tools.length > 0 ? request.tools : undefined;
    const converted = specs === undefined ? undefined : this.tools(specs);
    let tools = converted?.tools;
    let choice = specs === undefined ? undefined : toolChoice(request.toolChoice);
    let output: OutputTool | undefined;
    const format = request.responseFormat;
    if (format !== undefined) {
      if ((o.structuredOutput ?? 'tool') === 'tool') {
        output = this.outputTool(format, converted?.names);
        if (tools === undefined || request.toolChoice === 'none') {
          tools = [output.tool];
          choice = { type: 'tool', name: output.name };
        } else {
          tools = [...tools, output.tool];
          const named = request.toolChoice;
          choice = typeof named === 'object' ? { type: 'tool', name: named.name } : { type: 'any' };
        }
      } else {
        params.output_config = { format: { type: 'json_schema', schema: format.schema } };
      }
    }
    if (tools !== undefined) {
      params.tools = tools;
      if (o.disableParallelToolUse === true) {
        choice ??= { type: 'auto' };
        if (choice.type !== 'none') choice.disable_parallel_tool_use = true;
      }
      if (choice !== undefined) params.tool_choice = choice;
    }
    if (o.params !== undefined) Object.assign(params, o.params);
    // Only this provider's options: `{ openai: … }` beside it is another provider's.
    const own = request.providerOptions?.anthropic;
    if (own !== undefined && own !== null) Object.assign(params, own);
    // A `thinking` set by hand (model params or the run's provider options) wins.
    if (request.reasoning !== undefined && o.params?.thinking === undefined && own?.thinking === undefined)
      applyReasoning(params, request.reasoning, o.reasoningMode ?? 'budget');
    return { params, output };
  }

  /** The output tool for `format`, made once per format object (core reuses it across calls). */
  private outputTool(format: ResponseFormat, names: ReadonlySet<string> | undefined): OutputTool {
    const hit = this.outputCache.get(format);
    if (hit !== undefined && hit.names === names) return hit.output;
    const output = outputTool(format, names);
    this.outputCache.set(format, { names, output });
    return output;
  }

  /** Tool definitions for `specs`, converted once per specs array (core reuses it across calls). */
  private tools(specs: readonly ToolSpec[]): { tools: Tool[]; names: Set<string> } {
    const hit = this.toolCache.get(specs);
    if (hit !== undefined) return hit;
    const strict = this.options.strictTools === true;
    const tools: Tool[] = [];
    const names = new Set<string>();
    for (const spec of specs) {
      const tool: Tool = {
        name: spec.name,
        description: spec.description,
        input_schema: spec.parameters as Tool['input_schema'],
      };
      if (strict && spec.strict === true) tool.strict = true;
      tools.push(tool);
      names.add(spec.name);
    }
    const marker = this.cache?.tools;
    if (marker !== undefined && tools.length > 0) tools[tools.length - 1]!.cache_control = marker;
    const out = { tools, names };
    this.toolCache.set(specs, out);
    return out;
  }
}

/** The first API version that rejects `temperature`, `top_p` and `top_k` (at any value). */
export const SAMPLING_REMOVED_IN = '2026-10-21';

function temperatureRejected(): ModelError {
  return new ModelError(
    `anthropic: API version ${SAMPLING_REMOVED_IN} and later reject \`temperature\`, so it was not sent. ` +
      "Remove it, or pass apiVersion: '2023-06-01' to use it with a model that still accepts it.",
    { code: 'bad_request' },
  );
}

/** Core's tool choice as the API's: `required` is `any`, a name is `tool`. */
export function toolChoice(choice: ToolChoice | undefined): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  if (choice === 'required') return { type: 'any' };
  return { type: choice };
}
