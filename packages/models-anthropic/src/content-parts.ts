/**
 * Core's content parts (text, images, files) as Messages API content blocks.
 */
import { type ContentPart, ModelError } from '@agno/core';
import type {
  Base64ImageSource,
  DocumentBlockParam,
  ImageBlockParam,
  TextBlockParam,
} from '@anthropic-ai/sdk/resources/messages';

/** A block that may sit in a user turn or in a tool result. */
export type PartBlock = TextBlockParam | ImageBlockParam | DocumentBlockParam;

type ImageMediaType = Base64ImageSource['media_type'];

const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** The block for one content part, or `undefined` for an empty text part (the API rejects those). */
export function partBlock(part: ContentPart): PartBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text.length > 0 ? { type: 'text', text: part.text } : undefined;
    case 'image':
      return imageBlock(part);
    case 'file':
      return documentBlock(part);
    default:
      throw badPart(`unknown content part type "${(part as { type: string }).type}"`);
  }
}

function imageBlock(part: Extract<ContentPart, { type: 'image' }>): ImageBlockParam {
  let data = part.data;
  let mediaType = part.mediaType;
  if (data === undefined && part.url !== undefined) {
    const m = DATA_URL.exec(part.url);
    if (m === null) return { type: 'image', source: { type: 'url', url: part.url } };
    mediaType ??= m[1];
    data = m[2];
  }
  if (data === undefined) throw badPart('an image part needs `data` (base64) or `url`');
  mediaType ??= sniffImageType(data);
  if (mediaType === undefined || !IMAGE_TYPES.has(mediaType)) {
    throw badPart(
      `image media type "${mediaType ?? 'unknown'}" is not accepted by the Messages API (jpeg, png, gif, webp)`,
    );
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType as ImageMediaType, data } };
}

function documentBlock(part: Extract<ContentPart, { type: 'file' }>): DocumentBlockParam {
  let data = part.data;
  let mediaType = part.mediaType;
  if (data === undefined && part.url !== undefined) {
    const m = DATA_URL.exec(part.url);
    if (m === null) {
      if (mediaType !== undefined && mediaType !== 'application/pdf') {
        throw badPart(`a file given by URL must be a PDF (got "${mediaType}")`);
      }
      return withTitle({ type: 'document', source: { type: 'url', url: part.url } }, part.name);
    }
    mediaType ??= m[1];
    data = m[2];
  }
  if (data === undefined) throw badPart('a file part needs `data` (base64) or `url`');
  if (mediaType === 'application/pdf') {
    return withTitle(
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } },
      part.name,
    );
  }
  if (mediaType === 'text/plain') {
    const text = Buffer.from(data, 'base64').toString('utf8');
    return withTitle(
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } },
      part.name,
    );
  }
  throw badPart(
    `file media type "${mediaType ?? 'unknown'}" is not accepted by the Messages API (application/pdf, text/plain)`,
  );
}

function withTitle(block: DocumentBlockParam, name: string | undefined): DocumentBlockParam {
  if (name !== undefined) block.title = name;
  return block;
}

/** Guesses an image's media type from the first bytes of its base64 text. */
function sniffImageType(base64: string): string | undefined {
  if (base64.startsWith('iVBORw0KGgo')) return 'image/png';
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  if (base64.startsWith('R0lGOD')) return 'image/gif';
  if (base64.startsWith('UklGR')) return 'image/webp';
  return undefined;
}

function badPart(message: string): ModelError {
  return new ModelError(`anthropic: ${message}`, { code: 'bad_request' });
}
