/**
 * Core's content parts (text, images, files) as Gemini parts: base64 data (or a `data:` URL) as
 * `inlineData`, other URLs (Files API URIs, `gs://` objects, web URLs) as `fileData`.
 */
import { type ContentPart, ModelError } from '@agno/core';
import type { Part } from '@google/genai';

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
};

/** Media as Gemini wants it: inline bytes or a file URI, each with its MIME type. */
export type Media =
  | { inlineData: { mimeType: string; data: string; displayName?: string } }
  | { fileData: { mimeType: string; fileUri: string; displayName?: string } };

/** The Gemini part of one content part, or `undefined` for an empty text part. */
export function contentPart(part: ContentPart): Part | undefined {
  if (part.type === 'text') return part.text.length > 0 ? { text: part.text } : undefined;
  return media(part, false);
}

/**
 * An image or file as media. `named` keeps the part's name as `displayName` (function responses
 * refer to their media by it).
 */
export function media(part: ContentPart, named: boolean): Media {
  if (part.type !== 'image' && part.type !== 'file') {
    throw badPart(`unknown content part type "${(part as { type: string }).type}"`);
  }
  const name = named && part.type === 'file' ? part.name : undefined;
  let data = part.data;
  let mimeType = part.mediaType;
  if (data === undefined && part.url !== undefined) {
    const m = DATA_URL.exec(part.url);
    if (m === null) {
      mimeType ??= byExtension(part.url);
      if (mimeType === undefined) {
        throw badPart(
          `the ${part.type} at ${shortURL(part.url)} needs a mediaType (it cannot be told from the URL)`,
        );
      }
      const fileData: { mimeType: string; fileUri: string; displayName?: string } = {
        mimeType,
        fileUri: part.url,
      };
      if (name !== undefined) fileData.displayName = name;
      return { fileData };
    }
    mimeType ??= m[1];
    data = m[2];
  }
  if (data === undefined) throw badPart(`a ${part.type} part needs \`data\` (base64) or \`url\``);
  mimeType ??= sniff(data);
  if (mimeType === undefined)
    throw badPart(`the ${part.type} part needs a mediaType (it cannot be told from its bytes)`);
  const inlineData: { mimeType: string; data: string; displayName?: string } = { mimeType, data };
  if (name !== undefined) inlineData.displayName = name;
  return { inlineData };
}

function byExtension(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0]!;
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}

/** Guesses the media type from the first bytes of base64 data. */
function sniff(base64: string): string | undefined {
  if (base64.startsWith('iVBORw0KGgo')) return 'image/png';
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  if (base64.startsWith('R0lGOD')) return 'image/gif';
  if (base64.startsWith('UklGR')) return 'image/webp';
  if (base64.startsWith('JVBER')) return 'application/pdf';
  return undefined;
}

/** A URL without its query string (which may carry a signed token). */
function shortURL(url: string): string {
  return url.split(/[?#]/, 1)[0]!;
}

function badPart(message: string): ModelError {
  return new ModelError(`google: ${message}`, { code: 'bad_request' });
}
