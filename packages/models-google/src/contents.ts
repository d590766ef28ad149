/**
 * Core's conversation as Gemini `contents`: the system prompt apart (`systemInstruction`), user
 * and model turns with consecutive messages of one role merged, tool calls as `functionCall`
 * parts (with their thought signatures back on them) and their results as `functionResponse`
 * parts, all results of a step in one user turn, first in it and in the order of the calls.
 */
import type { Message, ToolCall, ToolMessage } from '@agno/core';
import type { Content, FunctionResponse, FunctionResponsePart, Part } from '@google/genai';
import { contentPart, media } from './media.js';
import { type GoogleTurnData, SKIP_SIGNATURE, turnData } from './signatures.js';
import { CALL_ID_PREFIX } from './turn.js';

/** The conversation in Gemini form. */
export interface Conversation {
  /** The `systemInstruction`, when there is a system prompt. */
  system: Content | undefined;
  contents: Content[];
}

/** How the conversation is written for one model. */
export interface ConversationOptions {
  /**
   * Gemini 3 and later: tool result media go inside their `functionResponse` (as `parts`), and a
   * function call without a known signature gets {@link SKIP_SIGNATURE}. Earlier models get the
   * media as parts of the user turn, after the results.
   */
  modern: boolean;
}

/** What a tool result needs of its call. */
interface CallInfo {
  /** The id to send back (`undefined` when the package made the id up). */
  apiId: string | undefined;
}

/** Converts core messages; throws a `bad_request` ModelError for content the API cannot take. */
export function toConversation(messages: readonly Message[], options: ConversationOptions): Conversation {
  const systemParts: Part[] = [];
  const contents: Content[] = [];
  const calls = new Map<string, CallInfo>();
  const push = (role: 'user' | 'model', part: Part) => {
    const last = contents[contents.length - 1];
    if (last !== undefined && last.role === role) last.parts!.push(part);
    else contents.push({ role, parts: [part] });
  };
  for (const m of messages) {
    switch (m.role) {
      case 'system':
        if (m.content.length > 0) systemParts.push({ text: m.content });
        break;
      case 'user':
        if (typeof m.content === 'string') {
          if (m.content.length > 0) push('user', { text: m.content });
        } else {
          for (const p of m.content) {
            const part = contentPart(p);
            if (part !== undefined) push('user', part);
          }
        }
        break;
      case 'assistant':
        for (const part of modelParts(m.content, m.toolCalls, turnData(m.providerData), calls, options))
          push('model', part);
        break;
      case 'tool':
        toolResult(m, calls.get(m.toolCallId), contents, options);
        break;
    }
  }
  return { system: systemParts.length > 0 ? { parts: systemParts } : undefined, contents };
}

/** The parts of a model turn: signed thoughts, the text, the calls, each with its signature. */
function modelParts(
  text: string,
  toolCalls: readonly ToolCall[] | undefined,
  data: GoogleTurnData | undefined,
  calls: Map<string, CallInfo>,
  options: ConversationOptions,
): Part[] {
  const parts: Part[] = [];
  if (data?.thoughts !== undefined)
    for (const t of data.thoughts) parts.push({ text: t.text, thought: true, thoughtSignature: t.signature });
  if (text.length > 0 || data?.textSignature !== undefined) {
    const part: Part = { text };
    if (data?.textSignature !== undefined) part.thoughtSignature = data.textSignature;
    parts.push(part);
  }
  if (toolCalls === undefined) return parts;
  const apiIds = data?.apiCallIds === true;
  const signatures = data?.callSignatures;
  let first = true;
  for (const call of toolCalls) {
    const apiId = apiIds && !call.id.startsWith(CALL_ID_PREFIX) ? call.id : undefined;
    calls.set(call.id, { apiId });
    const args = call.args;
    const functionCall: Part['functionCall'] = {
      name: call.name,
      args:
        typeof args === 'object' && args !== null && !Array.isArray(args)
          ? (args as Record<string, unknown>)
          : {},
    };
    if (apiId !== undefined) functionCall.id = apiId;
    const part: Part = { functionCall };
    const signature =
      signatures?.[call.id] ??
      (first && options.modern && signatures === undefined ? SKIP_SIGNATURE : undefined);
    if (signature !== undefined) part.thoughtSignature = signature;
    parts.push(part);
    first = false;
  }
  return parts;
}

/** Adds a tool result to the user turn after its call (results first, in the order they come). */
function toolResult(
  m: ToolMessage,
  call: CallInfo | undefined,
  contents: Content[],
  options: ConversationOptions,
): void {
  const last = contents[contents.length - 1];
  const turn: Content = last !== undefined && last.role === 'user' ? last : { role: 'user', parts: [] };
  if (turn !== last) contents.push(turn);
  const parts = turn.parts!;
  if (call === undefined) {
    // A result without its call (history cut mid-exchange): the API rejects an unmatched
    // function response, so the model reads it as text instead.
    parts.push({ text: `Result of tool "${m.toolName}" (${m.toolCallId}): ${m.content}` });
    return;
  }
  const response: FunctionResponse = {
    name: m.toolName,
    response: m.isError === true ? { error: m.content } : { output: output(m.content) },
  };
  if (call.apiId !== undefined) response.id = call.apiId;
  const attachments = m.attachments;
  let after: Part[] | undefined;
  if (attachments !== undefined) {
    for (const a of attachments) {
      if (options.modern && a.type !== 'text')
        (response.parts ??= []).push(media(a, true) as FunctionResponsePart);
      else {
        const part = contentPart(a);
        if (part !== undefined) (after ??= []).push(part);
      }
    }
  }
  let i = 0;
  while (i < parts.length && parts[i]!.functionResponse !== undefined) i++;
  parts.splice(i, 0, { functionResponse: response });
  if (after !== undefined) for (const part of after) parts.push(part);
}

/** A tool's result text as the response's `output`: JSON objects and arrays parsed, else the text. */
function output(content: string): unknown {
  const c = content.charCodeAt(0);
  if (c === 123 /* { */ || c === 91 /* [ */) {
    try {
      return JSON.parse(content);
    } catch {}
  }
  return content;
}
