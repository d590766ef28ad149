/**
 * Core's request as a Responses API body (`POST /responses`).
 */
import type { ContentPart, Message, ModelRequest, ResponseFormat, ToolChoice, ToolSpec } from '@agno/core';
import { isStrictCompatible } from '@agno/core/utils';
import type {
  FunctionTool,
  ResponseFormatTextJSONSchemaConfig,
  ResponseInputItem,
  ResponseInputMessageContentList,
  ToolChoiceFunction,
  ToolChoiceOptions,
} from 'openai/resources/responses/responses';
import { badRequest, type ErrorContext } from './error-mapping.js';
import { reasoningOf } from './responses-data.js';
import { producesReasoning, reasoningField, withEncryptedReasoning } from './responses-reasoning.js';
import { applyProviderOptions, dataURL, formatName, type RequestSettings } from './settings.js';
import { outputFormat } from './structured-output.js';
import { argsText } from './tool-args.js';

const toolsCache = new WeakMap<readonly ToolSpec[], FunctionTool[]>();
const formatCache = new WeakMap<ResponseFormat, ResponseFormatTextJSONSchemaConfig>();

/** The JSON body for `request`; `stream` adds `stream: true`. */
export function responsesBody(
  request: ModelRequest,
  settings: RequestSettings,
  stream: boolean,
  ctx: ErrorContext,
): Record<string, unknown> {
  if (request.stop !== undefined && request.stop.length > 0) {
    throw badRequest('the Responses API has no stop sequences; leave `stop` out or use api: "chat"', ctx);
  }
  const own = request.providerOptions?.[ctx.provider];
  // Not stored unless asked: the agent keeps the history and sends it whole every time.
  const stored = (own !== undefined && 'store' in own ? own.store : settings.providerOptions?.store) === true;
  const body: Record<string, unknown> = {
    model: settings.modelId,
    input: responsesInput(request.messages, settings.systemRole, ctx, stored),
  };
  const tools = request.tools;
  if (tools !== undefined && tools.length > 0) {
    body.tools = responsesTools(tools);
    if (request.toolChoice !== undefined) body.tool_choice = responsesToolChoice(request.toolChoice);
    if (settings.parallelToolCalls !== undefined) body.parallel_tool_calls = settings.parallelToolCalls;
  }
  if (request.maxTokens !== undefined) body.max_output_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.reasoning !== undefined) body.reasoning = reasoningField(request.reasoning);
  applyProviderOptions(body, settings.providerOptions, own);
  if (body.store === undefined) body.store = false;
  // Without storage, reasoning can go back to the API only as encrypted content: ask for it
  // (from reasoning models only: others reject the `include`).
  if (body.store === false && producesReasoning(settings.modelId, request))
    body.include = withEncryptedReasoning(body.include);
  if (request.responseFormat !== undefined) {
    const format = responsesFormat(request.responseFormat);
    const text = body.text;
    body.text = text !== null && typeof text === 'object' ? { ...(text as object), format } : { format };
  }
  body.model = settings.modelId;
  if (stream) body.stream = true;
  else if (body.stream !== undefined) delete body.stream;
  return body;
}

/**
 * Core's messages as Responses input items. A turn's reasoning items go first, in their order;
 * when the request is not `stored`, only those with encrypted content (the API cannot look the
 * others up, and rejects them).
 */
export function responsesInput(
  messages: readonly Message[],
  systemRole: 'system' | 'developer',
  ctx: ErrorContext,
  stored: boolean,
): ResponseInputItem[] {
  const out: ResponseInputItem[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'system':
        out.push({ role: systemRole, content: m.content });
        break;
      case 'user':
        out.push({
          role: 'user',
          content: typeof m.content === 'string' ? m.content : inputParts(m.content, ctx),
        });
        break;
      case 'assistant': {
        const reasoning = reasoningOf(m.providerData);
        if (reasoning !== undefined) {
          for (const item of reasoning) {
            if (stored || typeof item.encrypted_content === 'string') out.push(item);
          }
        }
        if (m.content.length > 0 || m.toolCalls === undefined)
          out.push({ role: 'assistant', content: m.content });
        if (m.toolCalls !== undefined) {
          for (const call of m.toolCalls) {
            out.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: argsText(call) });
          }
        }
        break;
      }
      case 'tool':
        out.push({
          type: 'function_call_output',
          call_id: m.toolCallId,
          output:
            m.attachments === undefined || m.attachments.length === 0
              ? m.content
              : [{ type: 'input_text', text: m.content }, ...inputParts(m.attachments, ctx)],
        });
        break;
    }
  }
  return out;
}

function inputParts(parts: readonly ContentPart[], ctx: ErrorContext): ResponseInputMessageContentList {
  const out: ResponseInputMessageContentList = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        out.push({ type: 'input_text', text: part.text });
        break;
      case 'image': {
        const url =
          part.url ?? (part.data === undefined ? undefined : dataURL(part.data, part.mediaType, 'image/png'));
        if (url === undefined) throw badRequest('an image part needs `data` or `url`', ctx);
        out.push({ type: 'input_image', image_url: url, detail: 'auto' });
        break;
      }
      case 'file':
        if (part.data !== undefined) {
          out.push({
            type: 'input_file',
            file_data: dataURL(part.data, part.mediaType, 'application/pdf'),
            filename: part.name ?? 'file',
          });
        } else if (part.url !== undefined) {
          out.push({ type: 'input_file', file_url: part.url });
        } else throw badRequest('a file part needs `data` or `url`', ctx);
        break;
    }
  }
  return out;
}

/** Tool specs as Responses function tools (cached per specs array). */
export function responsesTools(specs: readonly ToolSpec[]): FunctionTool[] {
  const hit = toolsCache.get(specs);
  if (hit !== undefined) return hit;
  // The Responses API makes function tools strict unless told otherwise: say it every time.
  const out: FunctionTool[] = specs.map((spec) => ({
    type: 'function',
    name: spec.name,
    description: spec.description,
    parameters: spec.parameters,
    strict: spec.strict === true && isStrictCompatible(spec.parameters),
  }));
  toolsCache.set(specs, out);
  return out;
}

/** Core's tool choice in Responses form. */
export function responsesToolChoice(choice: ToolChoice): ToolChoiceOptions | ToolChoiceFunction {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}

/** A structured-output format as `text.format` (strict unless the schema cannot be, see structured-output.ts). */
export function responsesFormat(format: ResponseFormat): ResponseFormatTextJSONSchemaConfig {
  const hit = formatCache.get(format);
  if (hit !== undefined) return hit;
  const sent = outputFormat(format);
  const out: ResponseFormatTextJSONSchemaConfig = {
    type: 'json_schema',
    name: formatName(format.name),
    schema: sent.schema,
    strict: sent.strict,
  };
  if (format.description !== undefined) out.description = format.description;
  formatCache.set(format, out);
  return out;
}
