/**
 * From an MCP `tools/call` result to what the model reads: text parts joined, structured
 * content as JSON when it carries data of its own, images, audio and binary resources as
 * attachments, `isError` as an error result.
 *
 * When structured content wins: it is sent as JSON (it supersedes its text rendering), unless it
 * only wraps the unstructured content, i.e. it is an object with one field whose value is the
 * joined text or the content list itself (server-filesystem's `{ content: text }`); then the
 * model reads the text.
 */
import { type ContentPart, type ToolResultContent, toolResult } from '@agno/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Maps an MCP tool result to a core tool result (a string, a JSON value, or a rich result). */
export function fromMCPResult(result: CallToolResult): unknown {
  const texts: string[] = [];
  let attachments: ContentPart[] | undefined;
  const content = Array.isArray(result.content) ? result.content : [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        texts.push(part.text);
        break;
      case 'image':
        (attachments ??= []).push({ type: 'image', data: part.data, mediaType: part.mimeType });
        break;
      case 'audio':
        (attachments ??= []).push({ type: 'file', data: part.data, mediaType: part.mimeType });
        break;
      case 'resource': {
        const resource = part.resource;
        if ('text' in resource && typeof resource.text === 'string') texts.push(resource.text);
        else if ('blob' in resource && typeof resource.blob === 'string') {
          const file: ContentPart = { type: 'file', data: resource.blob, name: resource.uri };
          if (resource.mimeType !== undefined) file.mediaType = resource.mimeType;
          (attachments ??= []).push(file);
        }
        break;
      }
      case 'resource_link':
        texts.push(`[resource ${part.name}: ${part.uri}${part.description ? ` (${part.description})` : ''}]`);
        break;
    }
  }
  if (result.isError === true) {
    const message = texts.join('\n') || 'the MCP tool reported an error without a message';
    return toolResult(
      message,
      attachments === undefined ? { isError: true } : { isError: true, attachments },
    );
  }
  const text = texts.join('\n');
  const structured = result.structuredContent;
  let value: unknown =
    structured !== undefined && !wrapsContent(structured, text, content) ? structured : text;
  if (attachments === undefined) return value;
  if (value === '') value = `[${attachments.length} attachment${attachments.length === 1 ? '' : 's'}]`;
  return toolResult(value, { attachments }) satisfies ToolResultContent;
}

/** True when structured content is one field holding the text or the content list (no data of its own). */
function wrapsContent(structured: unknown, text: string, content: readonly unknown[]): boolean {
  if (typeof structured !== 'object' || structured === null || Array.isArray(structured)) return false;
  const keys = Object.keys(structured);
  if (keys.length !== 1) return false;
  const inner = (structured as Record<string, unknown>)[keys[0]!];
  if (typeof inner === 'string') return inner === text;
  return (
    Array.isArray(inner) &&
    inner.length === content.length &&
    JSON.stringify(inner) === JSON.stringify(content)
  );
}
