/**
 * A Messages API reply as the server-sent events the API streams: `message_start`, a `ping`,
 * per content block `content_block_start`, its deltas (`thinking_delta`s then a
 * `signature_delta`, `text_delta`s, `input_json_delta`s opened by an empty one) and
 * `content_block_stop`, then `message_delta` with the stop reason and usage, and `message_stop`.
 */
import type { FakeReply } from './fake-replies.js';

/** One server-sent event. */
export function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function slices(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The events of message `m` (the whole reply, ids filled in) for scripted `reply`. */
export function messageEvents(m: any, reply: FakeReply): string[] {
  const size = reply.chunkSize ?? 8;
  const out: string[] = [];
  const start = {
    ...m,
    content: [],
    stop_reason: null,
    usage: { ...m.usage, output_tokens: 1, output_tokens_details: null },
  };
  out.push(sse('message_start', { type: 'message_start', message: start }));
  for (let i = 0; i < (reply.pings ?? 1); i++) out.push(sse('ping', { type: 'ping' }));
  m.content.forEach((block: any, index: number) => {
    if (block.type === 'thinking') {
      const start = { type: 'thinking', thinking: '', signature: '' };
      out.push(sse('content_block_start', { type: 'content_block_start', index, content_block: start }));
      for (const piece of slices(block.thinking, size)) {
        out.push(
          sse('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'thinking_delta', thinking: piece },
          }),
        );
      }
      out.push(
        sse('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature: block.signature },
        }),
      );
    } else if (block.type === 'redacted_thinking') {
      out.push(sse('content_block_start', { type: 'content_block_start', index, content_block: block }));
    } else if (block.type === 'text') {
      out.push(
        sse('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '' },
        }),
      );
      for (const piece of slices(block.text, size)) {
        out.push(
          sse('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text: piece },
          }),
        );
      }
    } else {
      const startBlock = { type: 'tool_use', id: block.id, name: block.name, input: {} };
      out.push(sse('content_block_start', { type: 'content_block_start', index, content_block: startBlock }));
      const json: string = block.rawInput ?? JSON.stringify(block.input);
      // The API opens every tool input with an empty fragment.
      const parts = ['', ...slices(json, size)];
      for (const partial_json of parts) {
        out.push(
          sse('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json },
          }),
        );
      }
    }
    out.push(sse('content_block_stop', { type: 'content_block_stop', index }));
  });
  out.push(
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: m.stop_reason, stop_sequence: null },
      usage: m.usage,
    }),
  );
  out.push(sse('message_stop', { type: 'message_stop' }));
  return out;
}
