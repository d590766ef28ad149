/**
 * Reasoning on the fake Responses API, as OpenAI documents it: reasoning output items (summary
 * parts, raw reasoning text, encrypted content) whole and as their stream events, what a request
 * did not ask for left out, and the API's checks of the reasoning items a request sends back.
 */
import type { FakeErrorBody, FakeReasoning, FakeReply } from './replies.js';
import { pieces } from './replies.js';

/** Emits one typed stream event. */
export type Emit = (type: string, data: Record<string, unknown>) => void;

/** The reasoning items of a reply, as scripted. */
function scripted(reply: FakeReply): FakeReasoning[] {
  const r = reply.reasoning;
  return r === undefined ? [] : Array.isArray(r) ? r : [r];
}

function summaryOf(r: FakeReasoning): string[] {
  return r.summary === undefined ? [] : typeof r.summary === 'string' ? [r.summary] : r.summary;
}

/** The reasoning output items of reply `n`, finished. */
export function reasoningItems(reply: FakeReply, n: number): Record<string, unknown>[] {
  return scripted(reply).map((r, i) => {
    const item: Record<string, unknown> = {
      id: r.id ?? (i === 0 ? `rs_${n}` : `rs_${n}_${i}`),
      type: 'reasoning',
      summary: summaryOf(r).map((text) => ({ type: 'summary_text', text })),
    };
    if (r.text !== undefined) item.content = [{ type: 'reasoning_text', text: r.text }];
    if (r.encryptedContent !== undefined) item.encrypted_content = r.encryptedContent;
    return item;
  });
}

/**
 * Streams the reasoning items of reply `n` from output index `first` on: each item added, its
 * summary parts (`reasoning_summary_part.added`, `reasoning_summary_text.delta`s, `.done`,
 * `reasoning_summary_part.done`), its raw text (`reasoning_text.delta`s, `.done`), the item done.
 * Returns how many output items it used.
 */
export function emitReasoning(reply: FakeReply, n: number, first: number, size: number, emit: Emit): number {
  const items = reasoningItems(reply, n);
  items.forEach((item, i) => {
    const output_index = first + i;
    const item_id = item.id;
    emit('response.output_item.added', {
      output_index,
      item: { id: item_id, type: 'reasoning', summary: [] },
    });
    (item.summary as Array<{ text: string }>).forEach(({ text }, summary_index) => {
      const part = { type: 'summary_text', text: '' };
      const at = { item_id, output_index, summary_index };
      emit('response.reasoning_summary_part.added', { ...at, part });
      for (const delta of pieces(text, size)) emit('response.reasoning_summary_text.delta', { ...at, delta });
      emit('response.reasoning_summary_text.done', { ...at, text });
      emit('response.reasoning_summary_part.done', { ...at, part: { ...part, text } });
    });
    for (const [content_index, { text }] of ((item.content ?? []) as Array<{ text: string }>).entries()) {
      const at = { item_id, output_index, content_index };
      const part = { type: 'reasoning_text', text: '' };
      emit('response.content_part.added', { ...at, part });
      for (const delta of pieces(text, size)) emit('response.reasoning_text.delta', { ...at, delta });
      emit('response.reasoning_text.done', { ...at, text });
      emit('response.content_part.done', { ...at, part: { ...part, text } });
    }
    emit('response.output_item.done', { output_index, item });
  });
  return items.length;
}

/**
 * The reply without what the request did not ask for: reasoning summaries without
 * `reasoning.summary`, encrypted reasoning without `include: ['reasoning.encrypted_content']`.
 */
export function askedFor(reply: FakeReply, body: any): FakeReply {
  const items = scripted(reply);
  if (items.length === 0) return reply;
  const summary = body?.reasoning?.summary != null;
  const include: unknown = body?.include;
  const encrypted = Array.isArray(include) && include.includes('reasoning.encrypted_content');
  if (summary && encrypted) return reply;
  const reasoning = items.map((r) => ({
    ...r,
    summary: summary ? r.summary : undefined,
    encryptedContent: encrypted ? r.encryptedContent : undefined,
  }));
  return { ...reply, reasoning };
}

/** A problem the API would answer a Responses request with: HTTP status and error body. */
export interface WireProblem {
  status: number;
  error: FakeErrorBody;
}

/**
 * What the server handed out (encrypted reasoning by item id), to check what comes back: the API
 * rejects reasoning it cannot look up (not stored, no encrypted content), encrypted content that
 * is not what it issued, and `include: ['reasoning.encrypted_content']` for a model that does not
 * reason (GPT-4 models, here).
 */
export class ReasoningLedger {
  private readonly issued = new Map<string, string>();

  /** Remembers the encrypted content of the reasoning items of a reply sent. */
  issue(reply: FakeReply, n: number): void {
    for (const item of reasoningItems(reply, n)) {
      if (typeof item.encrypted_content === 'string')
        this.issued.set(item.id as string, item.encrypted_content);
    }
  }

  /** The problem with a Responses request body, if any. */
  check(body: any): WireProblem | undefined {
    const include: unknown = body?.include;
    if (
      Array.isArray(include) &&
      include.includes('reasoning.encrypted_content') &&
      /^gpt-4/.test(String(body?.model))
    ) {
      return invalid('Encrypted content is not supported with this model.', 'include');
    }
    const input: unknown = body?.input;
    if (!Array.isArray(input)) return undefined;
    for (const [i, item] of input.entries()) {
      if (item?.type !== 'reasoning') continue;
      const encrypted = item.encrypted_content;
      if (typeof encrypted === 'string') {
        const issued = this.issued.get(item.id);
        if (issued !== undefined && issued !== encrypted) {
          return invalid(`The encrypted content for item ${item.id} could not be verified.`, `input[${i}]`);
        }
      } else if (body.store === false) {
        return {
          status: 404,
          error: {
            message: `Item with id '${item.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
            type: 'invalid_request_error',
            param: 'input',
          },
        };
      }
    }
    return undefined;
  }
}

function invalid(message: string, param: string): WireProblem {
  return { status: 400, error: { message, type: 'invalid_request_error', param } };
}
