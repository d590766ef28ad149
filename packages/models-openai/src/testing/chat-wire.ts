/**
 * Chat Completions as OpenAI documents it: a `chat.completion` JSON body, or `data: {chunk}`
 * server-sent events ending with `data: [DONE]`, with the usage chunk when asked for; and, with
 * {@link FakeChatQuirks}, as OpenAI-compatible servers depart from it (tool-call ids, usage,
 * `strict`, reasoning fields, what they accept back).
 */
import type { FakeErrorBody, FakeReasoning } from './replies.js';
import { argsOf, type Counts, callId, type FakeReply, finishOf, pieces } from './replies.js';

/** How a scripted OpenAI-compatible server departs from OpenAI on Chat Completions. */
export interface FakeChatQuirks {
  /**
   * Tool-call ids as the server sends them: `empty` (`""`), `missing` (no `id` field), or
   * `repeated` (`call_0` for every call). Default: unique ids, as OpenAI.
   */
  toolCallIds?: 'empty' | 'missing' | 'repeated';
  /** Streams: tool calls come whole, one chunk each, with no `index`. */
  noToolCallIndex?: boolean;
  /**
   * `stream_options`: `supported` (the default: the usage chunk when asked for), `ignored`
   * (no usage chunk, ever), or `rejected` (a 400, as servers that do not know the field).
   */
  streamOptions?: 'supported' | 'ignored' | 'rejected';
  /** Refuse (400) a request whose tools or response format ask for `strict`. */
  rejectStrict?: boolean;
  /**
   * The field that carries the reply's reasoning text (from the scripted `reasoning`: each item's
   * `text`, else its summary): `reasoning_content` (the default: DeepSeek, vLLM) or `reasoning`
   * (OpenRouter, Groq).
   */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Also send OpenRouter's `reasoning_details` (encrypted content as `reasoning.encrypted`). */
  reasoningDetails?: boolean;
  /**
   * What the server accepts of reasoning sent back on assistant messages: `forbid` refuses any
   * (400); `tool-loop` refuses it on the turns before the last user message (an earlier
   * question's reasoning), as DeepSeek does, and takes it on the tool-call turns after it.
   */
  reasoningReplay?: 'forbid' | 'tool-loop';
}

/** An error the server answers instead of a reply. */
export interface FakeRefusal {
  status: number;
  error: FakeErrorBody;
}

function chatUsage(u: Counts) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached, cache_write_tokens: u.cacheWrite, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const NO_QUIRKS: FakeChatQuirks = {};

/** Why a server with `quirks` refuses `body`, or undefined when it takes it. */
export function chatRequestProblem(body: any, quirks: FakeChatQuirks = NO_QUIRKS): FakeRefusal | undefined {
  const invalid = (message: string, param: string): FakeRefusal => ({
    status: 400,
    error: { message, type: 'invalid_request_error', param, code: null },
  });
  if (quirks.streamOptions === 'rejected' && body?.stream_options !== undefined) {
    return invalid('Unrecognized request argument supplied: stream_options', 'stream_options');
  }
  if (quirks.rejectStrict) {
    const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
    if (tools.some((t) => t?.function?.strict !== undefined) || body?.response_format?.json_schema?.strict) {
      return invalid('`strict` is not supported', 'strict');
    }
  }
  const replay = quirks.reasoningReplay;
  if (replay !== undefined && Array.isArray(body?.messages)) {
    const messages: any[] = body.messages;
    let lastUser = -1;
    for (let i = 0; i < messages.length; i++) if (messages[i]?.role === 'user') lastUser = i;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      if (m?.role !== 'assistant') continue;
      const has = m.reasoning_content !== undefined || m.reasoning !== undefined;
      if (has && (replay === 'forbid' || i < lastUser)) {
        return invalid(`reasoning must not be sent back (messages[${i}])`, `messages[${i}]`);
      }
    }
  }
  return undefined;
}

/** Whether a server with `quirks` sends the usage chunk for a stream request `body`. */
export function chatStreamUsage(body: any, quirks: FakeChatQuirks = NO_QUIRKS): boolean {
  return quirks.streamOptions !== 'ignored' && body?.stream_options?.include_usage === true;
}

/** The reasoning text of a scripted reply: each item's text (else its summary), blank-line joined. */
function reasoningTextOf(reply: FakeReply): string | undefined {
  const r = reply.reasoning;
  if (r === undefined) return undefined;
  const items: FakeReasoning[] = Array.isArray(r) ? r : [r];
  const parts: string[] = [];
  for (const item of items) {
    const text = item.text ?? (Array.isArray(item.summary) ? item.summary.join('\n\n') : item.summary);
    if (text) parts.push(text);
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** The encrypted reasoning of a scripted reply, as OpenRouter details. */
function encryptedDetails(reply: FakeReply, from: number): Record<string, unknown>[] {
  const r = reply.reasoning;
  if (r === undefined) return [];
  const items: FakeReasoning[] = Array.isArray(r) ? r : [r];
  const out: Record<string, unknown>[] = [];
  for (const item of items) {
    if (item.encryptedContent === undefined) continue;
    out.push({
      type: 'reasoning.encrypted',
      data: item.encryptedContent,
      format: 'fake',
      index: from + out.length,
    });
  }
  return out;
}

/** A call's id as the server with `quirks` sends it (undefined: the field is left out). */
function idOf(quirks: FakeChatQuirks, call: Parameters<typeof callId>[0], n: number, i: number) {
  switch (quirks.toolCallIds) {
    case 'empty':
      return '';
    case 'missing':
      return undefined;
    case 'repeated':
      return 'call_0';
    default:
      return callId(call, n, i);
  }
}

/** The `chat.completion` body of a non-streaming reply. */
export function chatCompletion(
  reply: FakeReply,
  n: number,
  model: string,
  usage: Counts | undefined,
  quirks: FakeChatQuirks = NO_QUIRKS,
) {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.text ?? null,
    refusal: reply.refusal ?? null,
    annotations: [],
  };
  const reasoning = reasoningTextOf(reply);
  if (reasoning !== undefined) message[quirks.reasoningField ?? 'reasoning_content'] = reasoning;
  if (quirks.reasoningDetails) {
    const details: Record<string, unknown>[] =
      reasoning === undefined ? [] : [{ type: 'reasoning.text', text: reasoning, format: 'fake', index: 0 }];
    details.push(...encryptedDetails(reply, details.length));
    if (details.length > 0) message.reasoning_details = details;
  }
  if (reply.toolCalls !== undefined && reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call, i) => ({
      id: idOf(quirks, call, n, i),
      type: 'function',
      function: { name: call.name, arguments: argsOf(call) },
    }));
  }
  const out: Record<string, unknown> = {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishOf(reply) }],
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
  if (usage !== undefined) out.usage = chatUsage(usage);
  return out;
}

/** `data: {chunk}` events, then `data: [DONE]`, as Chat Completions streams them. */
export function chatEvents(
  reply: FakeReply,
  n: number,
  model: string,
  usage: Counts | undefined,
  quirks: FakeChatQuirks = NO_QUIRKS,
): string[] {
  const size = reply.chunkSize ?? 4;
  const created = Math.floor(Date.now() / 1000);
  const head = `{"id":"chatcmpl-${n}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"service_tier":"default","system_fingerprint":"fp_fake","choices":`;
  const chunk = (choices: string) => `data: ${head}${choices}}\n\n`;
  const choice = (delta: unknown, finish: string | null = null) =>
    `[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]`;
  const out: string[] = [chunk(choice({ role: 'assistant', content: '', refusal: null }))];
  const reasoning = reasoningTextOf(reply);
  if (reasoning !== undefined) {
    const field = quirks.reasoningField ?? 'reasoning_content';
    for (const piece of pieces(reasoning, size)) {
      const delta: Record<string, unknown> = { [field]: piece };
      if (quirks.reasoningDetails) {
        delta.reasoning_details = [{ type: 'reasoning.text', text: piece, format: 'fake', index: 0 }];
      }
      out.push(chunk(choice(delta)));
    }
  }
  if (quirks.reasoningDetails) {
    const encrypted = encryptedDetails(reply, reasoning === undefined ? 0 : 1);
    if (encrypted.length > 0) out.push(chunk(choice({ reasoning_details: encrypted })));
  }
  if (reply.text) for (const piece of pieces(reply.text, size)) out.push(chunk(choice({ content: piece })));
  if (reply.refusal)
    for (const piece of pieces(reply.refusal, size)) out.push(chunk(choice({ refusal: piece })));
  reply.toolCalls?.forEach((call, i) => {
    const id = idOf(quirks, call, n, i);
    if (quirks.noToolCallIndex) {
      const whole = { id, type: 'function', function: { name: call.name, arguments: argsOf(call) } };
      out.push(chunk(choice({ tool_calls: [whole] })));
      return;
    }
    const first = { index: i, id, type: 'function', function: { name: call.name, arguments: '' } };
    out.push(chunk(choice({ tool_calls: [first] })));
    for (const piece of pieces(argsOf(call), size)) {
      out.push(chunk(choice({ tool_calls: [{ index: i, function: { arguments: piece } }] })));
    }
  });
  out.push(chunk(choice({}, finishOf(reply))));
  if (usage !== undefined) out.push(`data: ${head}[],"usage":${JSON.stringify(chatUsage(usage))}}\n\n`);
  out.push('data: [DONE]\n\n');
  return out;
}
