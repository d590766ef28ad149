import { describe, expect, it } from 'vitest';
import { type SSEMessage, SSEParser } from './sse-parser.js';

/** Parses `chunks` in order; returns the events and the retry values. */
function parse(chunks: string[]): { events: SSEMessage[]; retries: number[] } {
  const events: SSEMessage[] = [];
  const retries: number[] = [];
  const parser = new SSEParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) });
  for (const c of chunks) parser.push(c);
  parser.end();
  return { events, retries };
}

/** Every way of cutting `text` into two chunks, plus one character per chunk. */
function cuts(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

const STREAM = [
  '\uFEFF: a comment first',
  'retry: 1500',
  'id: 1',
  'event: text-delta',
  'data: {"text":"a"}',
  '',
  ': heartbeat',
  '',
  'id: 2',
  'data: first line',
  'data:second line',
  'data:  two spaces',
  '',
  'event: gap',
  'data: {"missed":3}',
  '',
  'data',
  '',
  'id: 7',
  'unknown: field',
  'retry: 12x',
  'event: done',
  'data: {}',
  '',
  'data: never finished',
].join('\n');

const EXPECTED: SSEMessage[] = [
  { event: 'text-delta', data: '{"text":"a"}', id: '1' },
  { event: 'message', data: 'first line\nsecond line\n two spaces', id: '2' },
  { event: 'gap', data: '{"missed":3}', id: '2' },
  { event: 'message', data: '', id: '2' },
  { event: 'done', data: '{}', id: '7' },
];

describe('SSEParser', () => {
  it('reads events, multi-line data, ids that persist, retry and comments, dropping an unfinished event', () => {
    expect(parse([STREAM])).toEqual({ events: EXPECTED, retries: [1500] });
  });

  it('gives the same events whatever the chunk boundaries, with LF, CRLF or CR line ends', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = STREAM.replaceAll('\n', eol);
      for (const chunks of cuts(text)) expect(parse(chunks)).toEqual({ events: EXPECTED, retries: [1500] });
    }
  });

  it('treats a CR and an LF in separate chunks as one line end', () => {
    expect(parse(['data: a\r', '', '\ndata: b\r', '\n\r', '\n']).events).toEqual([
      { event: 'message', data: 'a\nb', id: '' },
    ]);
  });

  it('keeps a colon-less line as a field with an empty value, and ignores an id containing NULL', () => {
    const { events } = parse(['id: 5\n', 'data\n\n', 'id: 6\0x\ndata: x\n\n', 'id\ndata: y\n\n']);
    expect(events).toEqual([
      { event: 'message', data: '', id: '5' },
      { event: 'message', data: 'x', id: '5' },
      { event: 'message', data: 'y', id: '' },
    ]);
  });

  it('drops a BOM only at the very start, and an event with no data resets the event type', () => {
    const { events } = parse(['\uFEFFevent: a\n\n', 'data: \uFEFFz\n\n']);
    expect(events).toEqual([{ event: 'message', data: '\uFEFFz', id: '' }]);
  });

  it('reads multi-byte text split inside a character when decoded as a stream', () => {
    const bytes = new TextEncoder().encode('data: héllo 👋\n\n');
    const decoder = new TextDecoder();
    const events: SSEMessage[] = [];
    const parser = new SSEParser({ onEvent: (e) => events.push(e) });
    for (const b of bytes) parser.push(decoder.decode(new Uint8Array([b]), { stream: true }));
    expect(events).toEqual([{ event: 'message', data: 'héllo 👋', id: '' }]);
  });
});
