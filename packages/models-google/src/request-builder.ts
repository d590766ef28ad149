/**
 * Core's {@link ModelRequest} as `generateContent` parameters: the conversation, the system
 * instruction, sampling limits, tools and tool choice, structured output and thinking.
 */
import type { ModelRequest, ToolChoice, ToolSpec } from '@agno/core';
import {
  FunctionCallingConfigMode,
  type GenerateContentConfig,
  type GenerateContentParameters,
  type Tool,
  type ToolConfig,
} from '@google/genai';
import { toConversation } from './contents.js';
import type { GoogleModelOptions, ThinkingStyle } from './options.js';
import { generationOf, thinkingConfig, thinkingStyleOf } from './thinking.js';

/** Builds call parameters; a model keeps one builder (it caches converted tool lists). */
export class RequestBuilder {
  private readonly toolCache = new WeakMap<readonly ToolSpec[], Tool[]>();
  private readonly modern: boolean;
  private readonly thinking: ThinkingStyle;

  constructor(
    private readonly modelId: string,
    private readonly options: GoogleModelOptions,
  ) {
    this.modern = (generationOf(modelId) ?? 0) >= 3;
    this.thinking = options.thinking ?? thinkingStyleOf(modelId);
  }

  /** The parameters for `request` (the caller adds the call's `abortSignal`). */
  build(request: ModelRequest): GenerateContentParameters & { config: GenerateContentConfig } {
    const o = this.options;
    const { system, contents } = toConversation(request.messages, { modern: this.modern });
    const config: GenerateContentConfig = o.config === undefined ? {} : { ...o.config };
    if (system !== undefined) config.systemInstruction = system;
    const maxTokens = request.maxTokens ?? o.maxTokens;
    if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
    if (request.temperature !== undefined) config.temperature = request.temperature;
    if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = [...request.stop];
    const specs = request.tools !== undefined && request.tools.length > 0 ? request.tools : undefined;
    if (specs !== undefined) {
      config.tools = this.tools(specs);
      const choice = toolConfig(request.toolChoice);
      if (choice !== undefined) config.toolConfig = choice;
    }
    const format = request.responseFormat;
    if (format !== undefined) {
      config.responseMimeType = 'application/json';
      config.responseJsonSchema = format.schema;
    }
    if (request.reasoning !== undefined)
      config.thinkingConfig = thinkingConfig(request.reasoning, this.thinking);
    // Only this provider's options: `{ openai: … }` beside it is another provider's.
    const own = request.providerOptions?.google;
    if (own !== undefined && own !== null) Object.assign(config, own);
    return { model: this.modelId, contents, config };
  }

  /** Function declarations for `specs`, converted once per specs array (core reuses it across calls). */
  private tools(specs: readonly ToolSpec[]): Tool[] {
    const hit = this.toolCache.get(specs);
    if (hit !== undefined) return hit;
    const tools: Tool[] = [
      {
        functionDeclarations: specs.map((spec) => ({
          name: spec.name,
          description: spec.description,
          parametersJsonSchema: spec.parameters,
        })),
      },
    ];
    this.toolCache.set(specs, tools);
    return tools;
  }
}

/** Core's tool choice as `functionCallingConfig`: `required` is `ANY`, a name is `ANY` limited to it. */
export function toolConfig(choice: ToolChoice | undefined): ToolConfig | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === 'object') {
    return {
      functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: [choice.name] },
    };
  }
  const mode =
    choice === 'required'
      ? FunctionCallingConfigMode.ANY
      : choice === 'none'
        ? FunctionCallingConfigMode.NONE
        : FunctionCallingConfigMode.AUTO;
  return { functionCallingConfig: { mode } };
}
