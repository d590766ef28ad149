/**
 * Core's request as a Chat Completions body (`POST /chat/completions`).
 */
import type { ContentPart, Message, ModelRequest, ResponseFormat, ToolChoice, ToolSpec } from '@agno/core';
import { isStrictCompatible } from '@agno/core/utils';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { applyReasoning, keptDetails } from './chat-reasoning.js';
import { badRequest, type ErrorContext } from './error-mapping.js';
import { applyProviderOptions, dataURL, formatName, type RequestSettings } from './settings.js';
import { outputFormat } from './structured-output.js';
import { argsText } from './tool-args.js';

// Per specs array (an agent reuses one) and per strictness (compatible servers may not take it).
const toolsCache = new WeakMap<readonly ToolSpec[], ChatCompletionTool[]>();
const looseToolsCache = new WeakMap<readonly ToolSpec[], ChatCompletionTool[]>();
const formatCache = new WeakMap<ResponseFormat, ResponseFormatJSONSchema>();
const looseFormatCache = new WeakMap<ResponseFormat, ResponseFormatJSONSchema>();
const STREAM_OPTIONS = { include_usage: true } as const;

/** The JSON body for `request`; `stream` adds `stream: true` and asks for the usage chunk. */
export function chatBody(
  request: ModelRequest,
  settings: RequestSettings,
  stream: boolean,
  ctx: ErrorContext,
): Record<string, unknown> {
  const compat = settings.compat;
  const body: Record<string, unknown> = {
    model: settings.modelId,
    messages: chatMessages(request.messages, settings, ctx),
  };
  const tools = request.tools;
  if (tools !== undefined && tools.length > 0) {
    body.tools = chatTools(tools, compat.strict);
    if (request.toolChoice !== undefined) body.tool_choice = chatToolChoice(request.toolChoice);
    if (settings.parallelToolCalls !== undefined) body.parallel_tool_calls = settings.parallelToolCalls;
  }
  if (request.maxTokens !== undefined) body[settings.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.responseFormat !== undefined) {
    body.response_format = chatResponseFormat(request.responseFormat, compat.strict);
  }
  if (request.reasoning !== undefined) applyReasoning(body, request.reasoning, compat.reasoningParam);
  applyProviderOptions(body, settings.providerOptions, request.providerOptions?.[ctx.provider]);
  body.model = settings.modelId;
  if (stream) {
    body.stream = true;
    const own = body.stream_options;
    if (own !== null && typeof own === 'object')
      body.stream_options = { ...STREAM_OPTIONS, ...(own as object) };
    else if (compat.streamOptions) body.stream_options = STREAM_OPTIONS;
  } else if (body.stream !== undefined) delete body.stream;
  return body;
}

/** An assistant message with the reasoning fields compatible servers read. */
type AssistantWithReasoning = ChatCompletionAssistantMessageParam & {
  reasoning_details?: Record<string, unknown>[];
  reasoning_content?: string;
  reasoning?: string;
};

/**
 * Core's messages as Chat Completions messages. Assistant turns carry back what the server wants
 * of their reasoning (`settings.compat.reasoningReplay`, and `reasoning_details` kept for this
 * provider).
 */
export function chatMessages(
  messages: readonly Message[],
  settings: RequestSettings,
  ctx: ErrorContext,
): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  const systemRole = settings.systemRole;
  const replay = settings.compat.reasoningReplay;
  // Reasoning goes back on the assistant turns from `replayFrom` on.
  let replayFrom = messages.length;
  if (replay === 'all') replayFrom = 0;
  else if (replay === 'tool-loop') {
    while (replayFrom > 0 && messages[replayFrom - 1]!.role !== 'user') replayFrom--;
  }
  // Images a tool returned: Chat Completions tool messages hold text only, so they follow
  // the run of tool messages as one user message.
  let attachments: ChatCompletionContentPart[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    switch (m.role) {
      case 'system':
        out.push({ role: systemRole, content: m.content });
        break;
      case 'user':
        out.push({
          role: 'user',
          content: typeof m.content === 'string' ? m.content : userParts(m.content, ctx),
        });
        break;
      case 'assistant': {
        const calls = m.toolCalls;
        const message: AssistantWithReasoning =
          calls === undefined || calls.length === 0
            ? { role: 'assistant', content: m.content }
            : {
                role: 'assistant',
                content: m.content.length > 0 ? m.content : null,
                tool_calls: calls.map((call) => ({
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.name, arguments: argsText(call) },
                })),
              };
        if (m.providerData !== undefined) {
          const details = keptDetails(m.providerData, ctx.provider);
          if (details !== undefined) message.reasoning_details = details;
        }
        if (i >= replayFrom && m.reasoning !== undefined && m.reasoning.length > 0) {
          message[settings.compat.reasoningReplayField] = m.reasoning;
        }
        out.push(message);
        break;
      }
      case 'tool': {
        out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.content });
        if (m.attachments !== undefined && m.attachments.length > 0) {
          attachments ??= [];
          attachments.push({
            type: 'text',
            text: `Attachments returned by tool "${m.toolName}" (${m.toolCallId}):`,
          });
          for (const part of userParts(m.attachments, ctx)) attachments.push(part);
        }
        if (attachments !== undefined && messages[i + 1]?.role !== 'tool') {
          out.push({ role: 'user', content: attachments });
          attachments = undefined;
        }
        break;
      }
    }
  }
  return out;
}

function userParts(parts: readonly ContentPart[], ctx: ErrorContext): ChatCompletionContentPart[] {
  const out: ChatCompletionContentPart[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        out.push({ type: 'text', text: part.text });
        break;
      case 'image': {
        const url =
          part.url ?? (part.data === undefined ? undefined : dataURL(part.data, part.mediaType, 'image/png'));
        if (url === undefined) throw badRequest('an image part needs `data` or `url`', ctx);
        out.push({ type: 'image_url', image_url: { url } });
        break;
      }
      case 'file': {
        if (part.data === undefined) {
          throw badRequest(
            'Chat Completions accepts files as inline data only; give the file part `data`, or use api: "responses" for file URLs',
            ctx,
          );
        }
        const type = part.mediaType;
        if (type === 'audio/wav' || type === 'audio/mpeg' || type === 'audio/mp3') {
          const data = part.data.startsWith('data:')
            ? part.data.slice(part.data.indexOf(',') + 1)
            : part.data;
          out.push({
            type: 'input_audio',
            input_audio: { data, format: type === 'audio/wav' ? 'wav' : 'mp3' },
          });
        } else {
          out.push({
            type: 'file',
            file: { file_data: dataURL(part.data, type, 'application/pdf'), filename: part.name ?? 'file' },
          });
        }
        break;
      }
    }
  }
  return out;
}

/**
 * Tool specs as Chat Completions tools (cached per specs array: an agent reuses one). `strict`
 * false leaves `strict` out for servers that do not take it.
 */
export function chatTools(specs: readonly ToolSpec[], strict = true): ChatCompletionTool[] {
  const cache = strict ? toolsCache : looseToolsCache;
  const hit = cache.get(specs);
  if (hit !== undefined) return hit;
  const out: ChatCompletionTool[] = specs.map((spec) => ({
    type: 'function',
    function:
      strict && spec.strict === true
        ? {
            name: spec.name,
            description: spec.description,
            parameters: spec.parameters,
            strict: isStrictCompatible(spec.parameters),
          }
        : { name: spec.name, description: spec.description, parameters: spec.parameters },
  }));
  cache.set(specs, out);
  return out;
}

/** Core's tool choice in Chat Completions form. */
export function chatToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/**
 * A structured-output format as `response_format`: strict unless the schema cannot be (see
 * structured-output.ts); with `strict` false, the schema as it is and no `strict` field.
 */
export function chatResponseFormat(format: ResponseFormat, strict = true): ResponseFormatJSONSchema {
  const cache = strict ? formatCache : looseFormatCache;
  const hit = cache.get(format);
  if (hit !== undefined) return hit;
  let out: ResponseFormatJSONSchema;
  if (strict) {
    const sent = outputFormat(format);
    out = {
      type: 'json_schema',
      json_schema: { name: formatName(format.name), schema: sent.schema, strict: sent.strict },
    };
  } else {
    out = { type: 'json_schema', json_schema: { name: formatName(format.name), schema: format.schema } };
  }
  if (format.description !== undefined) out.json_schema.description = format.description;
  cache.set(format, out);
  return out;
}
