/**
 * The Responses API as OpenAI documents it: a `response` JSON body, or typed server-sent
 * events (`event: response.output_text.delta` / `data: {...}`) from `response.created` to
 * `response.completed` (or `response.incomplete`).
 */
import { argsOf, type Counts, callId, type FakeReply, finishOf, pieces } from './replies.js';
import { emitReasoning, reasoningItems } from './responses-reasoning-wire.js';

function responseUsage(u: Counts) {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached, cache_write_tokens: u.cacheWrite },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

function outputItems(reply: FakeReply, n: number, status: 'completed' | 'in_progress') {
  const items = reasoningItems(reply, n);
  if (reply.text !== undefined || reply.refusal !== undefined) {
    const content: unknown[] = [];
    if (reply.text !== undefined)
      content.push({ type: 'output_text', text: reply.text, annotations: [], logprobs: [] });
    if (reply.refusal !== undefined) content.push({ type: 'refusal', refusal: reply.refusal });
    items.push({ id: `msg_${n}`, type: 'message', status, role: 'assistant', content });
  }
  reply.toolCalls?.forEach((call, i) => {
    items.push({
      id: `fc_${n}_${i}`,
      type: 'function_call',
      status,
      arguments: argsOf(call),
      call_id: callId(call, n, i),
      name: call.name,
    });
  });
  return items;
}

/** The `response` object of a reply, as it is in progress or finished. */
export function responseObject(
  reply: FakeReply,
  n: number,
  model: string,
  usage: Counts | undefined,
  phase: 'in_progress' | 'completed',
) {
  const finish = finishOf(reply);
  const incomplete = phase === 'completed' && (finish === 'length' || finish === 'content_filter');
  return {
    id: `resp_${n}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: phase === 'in_progress' ? 'in_progress' : incomplete ? 'incomplete' : 'completed',
    error: null,
    incomplete_details: incomplete
      ? { reason: finish === 'length' ? 'max_output_tokens' : 'content_filter' }
      : null,
    instructions: null,
    max_output_tokens: null,
    model,
    output: phase === 'in_progress' ? [] : outputItems(reply, n, 'completed'),
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: phase === 'completed' && usage !== undefined ? responseUsage(usage) : null,
    user: null,
    metadata: {},
  };
}

/** One typed server-sent event. */
export function sse(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Typed `event: …` / `data: …` events, as the Responses API streams them. */
export function responseEvents(
  reply: FakeReply,
  n: number,
  model: string,
  usage: Counts | undefined,
): string[] {
  const size = reply.chunkSize ?? 4;
  let seq = 0;
  const out: string[] = [];
  const emit = (type: string, data: Record<string, unknown>) =>
    out.push(sse(type, { type, sequence_number: seq++, ...data }));
  const start = responseObject(reply, n, model, usage, 'in_progress');
  emit('response.created', { response: start });
  emit('response.in_progress', { response: start });
  let index = emitReasoning(reply, n, 0, size, emit);
  if (reply.text !== undefined || reply.refusal !== undefined) {
    const itemId = `msg_${n}`;
    const output_index = index++;
    emit('response.output_item.added', {
      output_index,
      item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    });
    let content_index = 0;
    if (reply.text !== undefined) {
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      emit('response.content_part.added', { item_id: itemId, output_index, content_index, part });
      for (const delta of pieces(reply.text, size)) {
        emit('response.output_text.delta', {
          item_id: itemId,
          output_index,
          content_index,
          delta,
          logprobs: [],
        });
      }
      emit('response.output_text.done', {
        item_id: itemId,
        output_index,
        content_index,
        text: reply.text,
        logprobs: [],
      });
      emit('response.content_part.done', {
        item_id: itemId,
        output_index,
        content_index,
        part: { ...part, text: reply.text },
      });
      content_index++;
    }
    if (reply.refusal !== undefined) {
      const part = { type: 'refusal', refusal: '' };
      emit('response.content_part.added', { item_id: itemId, output_index, content_index, part });
      for (const delta of pieces(reply.refusal, size)) {
        emit('response.refusal.delta', { item_id: itemId, output_index, content_index, delta });
      }
      emit('response.refusal.done', { item_id: itemId, output_index, content_index, refusal: reply.refusal });
      emit('response.content_part.done', {
        item_id: itemId,
        output_index,
        content_index,
        part: { type: 'refusal', refusal: reply.refusal },
      });
    }
    const message = outputItems(reply, n, 'completed').find((item) => item.type === 'message');
    emit('response.output_item.done', { output_index, item: message });
  }
  reply.toolCalls?.forEach((call, i) => {
    const itemId = `fc_${n}_${i}`;
    const output_index = index++;
    const args = argsOf(call);
    const item = {
      id: itemId,
      type: 'function_call',
      status: 'in_progress',
      arguments: '',
      call_id: callId(call, n, i),
      name: call.name,
    };
    emit('response.output_item.added', { output_index, item });
    for (const delta of pieces(args, size)) {
      emit('response.function_call_arguments.delta', { item_id: itemId, output_index, delta });
    }
    emit('response.function_call_arguments.done', {
      item_id: itemId,
      output_index,
      name: call.name,
      arguments: args,
    });
    emit('response.output_item.done', {
      output_index,
      item: { ...item, status: 'completed', arguments: args },
    });
  });
  const done = responseObject(reply, n, model, usage, 'completed');
  emit(done.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: done });
  return out;
}
