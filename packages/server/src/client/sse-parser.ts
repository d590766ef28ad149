/**
 * A server-sent events parser following the HTML standard's "event stream interpretation": lines
 * end in CRLF, LF or CR (also split across chunks), `data` lines join with "\n", `id` persists
 * across events (one containing NULL is ignored), `retry` takes digits only, comment lines
 * (`:`) and unknown fields are skipped, one leading BOM is dropped, and an event left unfinished
 * when the stream ends is discarded. Web standards only.
 */

/** One dispatched event. */
export interface SSEMessage {
  /** The `event` field, `message` when none was given. */
  event: string;
  /** The `data` lines joined with "\n". */
  data: string;
  /** The last event id seen so far in the stream (it persists across events); `''` when none. */
  id: string;
}

/** Receives what an {@link SSEParser} reads. */
export interface SSEHandlers {
  /** A complete event. */
  onEvent(message: SSEMessage): void;
  /** A valid `retry:` field (the reconnection time in ms). */
  onRetry?(ms: number): void;
}

/** A push parser: feed it decoded text in chunks of any size. */
export class SSEParser {
  /** The last event id buffer (persists across events, as the standard says). */
  lastEventId = '';
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private started = false;
  private afterCR = false;

  constructor(private readonly handlers: SSEHandlers) {}

  /** Parses one chunk of decoded text. */
  push(chunk: string): void {
    if (chunk === '') return;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.afterCR && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.afterCR = false;
    const text = this.buffer + chunk;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.line(text.slice(start, i));
      if (ch === 13) {
        if (i + 1 === text.length) this.afterCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer = text.slice(start);
  }

  /** Ends the stream: an event without its closing blank line is discarded. */
  end(): void {
    this.buffer = '';
    this.data = [];
    this.event = '';
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        return;
      case 'event':
        this.event = value;
        return;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        return;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.handlers.onRetry?.(Number(value));
        return;
      default:
        return;
    }
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.event = '';
      return;
    }
    const message: SSEMessage = {
      event: this.event || 'message',
      data: this.data.join('\n'),
      id: this.lastEventId,
    };
    this.data = [];
    this.event = '';
    this.handlers.onEvent(message);
  }
}
