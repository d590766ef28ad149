/**
 * Scripted replies in the Gemini API's wire format: the `GenerateContentResponse` JSON of
 * `:generateContent`, and the chunks of `:streamGenerateContent?alt=sse` (each one a
 * `GenerateContentResponse` holding the next parts, with the running `usageMetadata`; the last
 * one carries the `finishReason`), written as `data: {...}\r\n\r\n` as Google's servers do.
 */
import type { FakePart, FakeReply } from './fake-replies.js';

/** The canonical status names of HTTP statuses, as the API puts them in error bodies. */
export const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The error body the API sends with an HTTP error. */
export function errorJSON(status: number, reply?: FakeReply): string {
  const e = reply?.error;
  const error: Record<string, unknown> = {
    code: e?.code ?? status,
    message: e?.message ?? `fake error with status ${status}`,
    status: e?.status ?? STATUS_NAMES[status] ?? 'UNKNOWN',
  };
  if (e?.details !== undefined) error.details = e.details;
  return JSON.stringify({ error });
}

/** The parts of a reply, `text` first. */
export function partsOf(reply: FakeReply): FakePart[] {
  const parts: FakePart[] = [];
  if (reply.text !== undefined) parts.push({ text: reply.text });
  if (reply.parts !== undefined) for (const p of reply.parts) parts.push(p);
  return parts;
}

/** The `usageMetadata` of a reply to `body` (counts the reply leaves out are estimated). */
export function usageOf(body: any, reply: FakeReply, parts: readonly FakePart[]): Record<string, number> {
  const u = reply.usage ?? {};
  let chars = 0;
  let thoughtChars = 0;
  for (const p of parts) {
    if ('functionCall' in p) chars += JSON.stringify(p.functionCall).length;
    else if (p.thought === true) thoughtChars += p.text.length;
    else chars += p.text.length;
  }
  const prompt = u.promptTokenCount ?? Math.ceil(JSON.stringify(body?.contents ?? []).length / 4);
  const candidates = u.candidatesTokenCount ?? Math.ceil(chars / 4);
  const thoughts = u.thoughtsTokenCount ?? Math.ceil(thoughtChars / 4);
  const usage: Record<string, number> = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts + (u.toolUsePromptTokenCount ?? 0),
  };
  if (thoughts > 0) usage.thoughtsTokenCount = thoughts;
  if (u.cachedContentTokenCount !== undefined) usage.cachedContentTokenCount = u.cachedContentTokenCount;
  if (u.toolUsePromptTokenCount !== undefined) usage.toolUsePromptTokenCount = u.toolUsePromptTokenCount;
  return usage;
}

/** The whole `GenerateContentResponse` of a reply. */
export function responseJSON(body: any, reply: FakeReply, model: string, responseId: string): string {
  const parts = partsOf(reply);
  const usageMetadata = usageOf(body, reply, parts);
  if (reply.blockReason !== undefined) {
    return JSON.stringify({
      promptFeedback: { blockReason: reply.blockReason, safetyRatings: safetyRatings(reply.blockReason) },
      usageMetadata,
      modelVersion: model,
      responseId,
    });
  }
  const candidate: Record<string, unknown> = {};
  if (parts.length > 0) candidate.content = { parts, role: 'model' };
  candidate.finishReason = reply.finishReason ?? 'STOP';
  if (candidate.finishReason === 'SAFETY') candidate.safetyRatings = safetyRatings('SAFETY');
  candidate.index = 0;
  return JSON.stringify({ candidates: [candidate], usageMetadata, modelVersion: model, responseId });
}

/** The SSE events of a reply to a streaming call. */
export function streamEvents(body: any, reply: FakeReply, model: string, responseId: string): string[] {
  if (reply.blockReason !== undefined) return [sse(responseJSON(body, reply, model, responseId))];
  const parts = partsOf(reply);
  const usage = usageOf(body, reply, parts);
  const size = reply.chunkSize ?? 8;
  const pieces: FakePart[] = [];
  for (const part of parts) {
    if ('functionCall' in part) {
      // Function calls come whole, one part per chunk.
      pieces.push(part);
      continue;
    }
    const slices = slice(part.text, size);
    slices.forEach((text, i) => {
      const piece: FakePart = { text };
      if (part.thought === true) piece.thought = true;
      // A part's signature rides on its last piece.
      if (part.thoughtSignature !== undefined && i === slices.length - 1)
        piece.thoughtSignature = part.thoughtSignature;
      pieces.push(piece);
    });
  }
  const running = { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount };
  const out: string[] = [];
  pieces.forEach((piece, i) => {
    const last = i === pieces.length - 1;
    const candidate: Record<string, unknown> = { content: { parts: [piece], role: 'model' }, index: 0 };
    if (last) candidate.finishReason = reply.finishReason ?? 'STOP';
    out.push(
      sse(
        JSON.stringify({
          candidates: [candidate],
          usageMetadata: last ? usage : running,
          modelVersion: model,
          responseId,
        }),
      ),
    );
  });
  if (pieces.length === 0) {
    // Nothing generated (a filtered reply): one chunk with the finish reason alone.
    const candidate: Record<string, unknown> = { finishReason: reply.finishReason ?? 'STOP', index: 0 };
    if (candidate.finishReason === 'SAFETY') candidate.safetyRatings = safetyRatings('SAFETY');
    out.push(
      sse(JSON.stringify({ candidates: [candidate], usageMetadata: usage, modelVersion: model, responseId })),
    );
  }
  return out;
}

/** One SSE event, as Google's servers write them. */
export function sse(json: string): string {
  return `data: ${json}\r\n\r\n`;
}

function safetyRatings(reason: string) {
  return [
    {
      category: 'HARM_CATEGORY_DANGEROUS_CONTENT',
      probability: reason === 'SAFETY' ? 'HIGH' : 'NEGLIGIBLE',
      blocked: reason === 'SAFETY' ? true : undefined,
    },
  ];
}

function slice(text: string, size: number): string[] {
  if (text.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
