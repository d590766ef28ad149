/**
 * Chat Completions as OpenAI documents it: a `chat.completion` JSON body, or `data: {chunk}`
 * server-sent events ending with `data: [DONE]`, with the usage chunk when asked for.
 */
import { argsOf, type Counts, callId, type FakeReply, finishOf, pieces } from './replies.js';

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

/** The `chat.completion` body of a non-streaming reply. */
export function chatCompletion(reply: FakeReply, n: number, model: string, usage: Counts | undefined) {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.text ?? null,
    refusal: reply.refusal ?? null,
    annotations: [],
  };
  if (reply.toolCalls !== undefined && reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call, i) => ({
      id: callId(call, n, i),
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
export function chatEvents(reply: FakeReply, n: number, model: string, usage: Counts | undefined): string[] {
  const size = reply.chunkSize ?? 4;
  const created = Math.floor(Date.now() / 1000);
  const head = `{"id":"chatcmpl-${n}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"service_tier":"default","system_fingerprint":"fp_fake","choices":`;
  const chunk = (choices: string) => `data: ${head}${choices}}\n\n`;
  const choice = (delta: unknown, finish: string | null = null) =>
    `[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]`;
  const out: string[] = [chunk(choice({ role: 'assistant', content: '', refusal: null }))];
  if (reply.text) for (const piece of pieces(reply.text, size)) out.push(chunk(choice({ content: piece })));
  if (reply.refusal)
    for (const piece of pieces(reply.refusal, size)) out.push(chunk(choice({ refusal: piece })));
  reply.toolCalls?.forEach((call, i) => {
    out.push(
      chunk(
        choice({
          tool_calls: [
            {
              index: i,
              id: callId(call, n, i),
              type: 'function',
              function: { name: call.name, arguments: '' },
            },
          ],
        }),
      ),
    );
    for (const piece of pieces(argsOf(call), size)) {
      out.push(chunk(choice({ tool_calls: [{ index: i, function: { arguments: piece } }] })));
    }
  });
  out.push(chunk(choice({}, finishOf(reply))));
  if (usage !== undefined) out.push(`data: ${head}[],"usage":${JSON.stringify(chatUsage(usage))}}\n\n`);
  out.push('data: [DONE]\n\n');
  return out;
}
