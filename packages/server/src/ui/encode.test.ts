/**
 * The SSE encoding under real consumers: the wire form, a slow reader that must hold the run
 * back, a reader that cancels (the run must stop), and a source that throws.
 */
import { Agent, type ModelStreamEvent, wrapModel } from '@agno/core';
import { sleep } from '@agno/core/utils';
import { ScriptedModel } from '@agno/models-mock';
import { UI_MESSAGE_STREAM_HEADERS } from 'ai';
import { describe, expect, it } from 'vitest';
import { sseData } from '../fixtures/ui/client.js';
import { stuckTool } from '../fixtures/ui/tools.js';
import { encodeUIStream, UI_STREAM_HEADERS } from './encode.js';
import type { UIChunk } from './types.js';
import { uiChunks } from './ui-chunks.js';

const decoder = new TextDecoder();

/** Reads one SSE event's JSON from the reader (the encoder enqueues one event per read). */
async function readEvent(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<any> {
  const r = await reader.read();
  if (r.done) return undefined;
  const text = decoder.decode(r.value);
  expect(text.startsWith('data: ') && text.endsWith('\n\n')).toBe(true);
  const json = text.slice(6, -2);
  return json === '[DONE]' ? '[DONE]' : JSON.parse(json);
}

describe('encodeUIStream', () => {
  it('writes data events and a final [DONE], with the headers the AI SDK sends', async () => {
    async function* two(): AsyncGenerator<UIChunk> {
      yield { type: 'start', messageId: 'm1' };
      yield { type: 'finish', finishReason: 'stop' };
    }
    expect(await sseData(encodeUIStream(two()))).toEqual([
      '{"type":"start","messageId":"m1"}',
      '{"type":"finish","finishReason":"stop"}',
      '[DONE]',
    ]);
    const { connection: _, ...sdk } = UI_MESSAGE_STREAM_HEADERS;
    expect(UI_STREAM_HEADERS).toEqual(sdk);
  });

  it('a slow reader holds the run back: the model never gets far ahead of what was read', async () => {
    let produced = 0;
    const counted = wrapModel(new ScriptedModel({ chunkSize: 1, turns: ['x'.repeat(10_000)] }), {
      async *wrapStream({ stream, request }): AsyncIterable<ModelStreamEvent> {
        for await (const e of stream(request)) {
          if (e.type === 'text-delta') produced++;
          yield e;
        }
      },
    });
    const stream = new Agent({ model: counted }).stream('go');
    const reader = encodeUIStream(uiChunks(stream)).getReader();
    let read = 0;
    let text = '';
    let maxAhead = 0;
    for (;;) {
      const event = await readEvent(reader);
      if (event === undefined || event === '[DONE]') break;
      if (event.type !== 'text-delta') continue;
      read++;
      text += event.delta;
      if (read % 500 === 0) {
        // Let the producer run as far ahead as it can, then see how far that is.
        await sleep(20);
        maxAhead = Math.max(maxAhead, produced - read);
      }
    }
    expect(text).toBe('x'.repeat(10_000));
    expect(produced).toBe(10_000);
    expect(maxAhead).toBeGreaterThan(0);
    // The agent stream's buffer (64 events) plus a few in flight: bounded, whatever the length.
    expect(maxAhead).toBeLessThan(100);
  });

  it('a reader that cancels stops the run: a stuck tool sees the abort', async () => {
    const { tool: stuck, aborted: toolAborted } = stuckTool();
    const agent = new Agent({
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'stuck', args: {} }] }, 'never'] }),
      tools: [stuck],
    });
    const stream = agent.stream('go');
    const reader = encodeUIStream(uiChunks(stream)).getReader();
    for (;;) {
      const event = await readEvent(reader);
      if (event?.type === 'tool-input-available') break;
      expect(event).toBeDefined();
    }
    await reader.cancel();
    await toolAborted;
    await expect(stream.result).rejects.toMatchObject({ code: 'aborted' });
  });

  it('a source that throws ends the body with a safe error chunk and [DONE]', async () => {
    async function* failing(): AsyncGenerator<UIChunk> {
      yield { type: 'start' };
      throw new Error('database password is hunter2');
    }
    const data = await sseData(encodeUIStream(failing()));
    expect(data).toEqual([
      '{"type":"start"}',
      '{"type":"error","errorText":"internal_error: internal server error"}',
      '[DONE]',
    ]);
  });
});
