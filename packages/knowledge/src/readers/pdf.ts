/**
 * The PDF reader: the text of every page through `unpdf` (PDF.js; an optional peer loaded on
 * first use), titled by the document's `/Title`, else the file name. A PDF that does not parse is
 * a `ReaderError` (`corrupt`); one without any text (a scan) is one too (`empty`).
 */

import type { KnowledgeDocument } from '@agno/core';
import { loadPeer } from '@agno/core/utils';
import { baseTitle, documentOf, readError } from './input.js';
import type { PdfReadOptions, ReaderInput } from './types.js';

/** Reads a PDF into one document, or one per page with text (`split: 'page'`). */
export async function readPdf(
  input: ReaderInput,
  options: PdfReadOptions = {},
): Promise<KnowledgeDocument[]> {
  if (typeof input.data === 'string')
    throw readError(input.source, 'corrupt', 'a PDF must be given as bytes');
  if (input.data.byteLength === 0) throw readError(input.source, 'empty', 'is empty');
  const unpdf = await loadPeer('unpdf', 'reading PDF', () => import('unpdf'));
  let pages: string[];
  let info: Record<string, unknown> = {};
  try {
    // PDF.js may take over the buffer it is given (and refuses a Buffer): it gets a plain copy.
    const pdf = await unpdf.getDocumentProxy(new Uint8Array(input.data), { verbosity: 0 });
    try {
      pages = (await unpdf.extractText(pdf, { mergePages: false })).text;
      info = ((await unpdf.getMeta(pdf)).info ?? {}) as Record<string, unknown>;
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch (error) {
    const why = error instanceof Error && error.message ? `: ${error.message}` : '';
    throw readError(input.source, 'corrupt', `is not a readable PDF${why}`, { cause: error });
  }
  const texts = pages.map((page) => page.replace(/[ \t]+\n/g, '\n').trim());
  if (texts.every((text) => text.length === 0))
    throw readError(input.source, 'empty', 'has no text (a scanned PDF needs OCR first)');
  const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : baseTitle(input);
  const count = texts.length;
  if (options.split === 'page') {
    const docs: KnowledgeDocument[] = [];
    texts.forEach((text, i) => {
      if (text.length === 0) return;
      const extra = { pages: count, page: i + 1 };
      docs.push(documentOf(input, 'pdf', text, title, extra, `${input.source}#page=${i + 1}`));
    });
    return docs;
  }
  const content = texts.filter((text) => text.length > 0).join('\n\n');
  return [documentOf(input, 'pdf', content, title, { pages: count })];
}
