/**
 * MCP tool results: text, structured content, and the error result of a failed call, whose
 * message is scrubbed (an agno error's own redacted message, never a stack or a cause).
 */
import { AgnoError, type ContentPart, errorMessage } from '@agno/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The code and message an MCP client sees for `error`; anything but an agno error is generic. */
export function describeError(
  error: unknown,
  fallback = 'internal_error',
): { code: string; message: string } {
  if (error instanceof AgnoError) return { code: error.code, message: errorMessage(error) };
  return { code: fallback, message: 'the call failed' };
}

/** An error result (`isError: true`) with the code in its text and in its structured content. */
export function errorResult(code: string, message: string): CallToolResult {
  return {
    content: [{ type: 'text', text: `${code}: ${message}` }],
    structuredContent: { error: { code, message } },
    isError: true,
  };
}

/** The error result of a call that threw `error`. */
export function failureResult(error: unknown, fallback?: string): CallToolResult {
  const { code, message } = describeError(error, fallback);
  return errorResult(code, message);
}

/** A value as text: strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

/** True for a plain JSON object (what MCP's `structuredContent` must be). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A result carrying `value` as text, and as structured content when it is an object. */
export function valueResult(value: unknown): CallToolResult {
  const result: CallToolResult = { content: [{ type: 'text', text: asText(value) }] };
  if (isRecord(value)) result.structuredContent = value;
  return result;
}

/** agno attachments as MCP content (images and files given inline; links as resource links). */
export function attachmentContent(parts: readonly ContentPart[]): CallToolResult['content'] {
  const out: CallToolResult['content'] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image' && part.data !== undefined) {
      out.push({ type: 'image', data: part.data, mimeType: part.mediaType ?? 'image/png' });
    } else if (part.data !== undefined) {
      out.push({
        type: 'resource',
        resource: {
          uri: `attachment:${part.type === 'file' ? (part.name ?? 'file') : 'image'}`,
          blob: part.data,
          mimeType: part.mediaType,
        },
      });
    } else if (part.url !== undefined) {
      out.push({
        type: 'resource_link',
        uri: part.url,
        name: part.type === 'file' ? (part.name ?? part.url) : part.url,
        mimeType: part.mediaType,
      });
    }
  }
  return out;
}
