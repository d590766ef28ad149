/** The plain-text reader: the text as it is, titled by the file name. */
import type { KnowledgeDocument } from '@agno/core';
import { baseTitle, documentOf, inputText, requireContent } from './input.js';
import type { ReaderInput } from './types.js';

/** Reads plain text (UTF-8) into one document; an empty text is a `ReaderError`. */
export async function readText(input: ReaderInput): Promise<KnowledgeDocument[]> {
  const text = requireContent(input, inputText(input));
  return [documentOf(input, 'text', text, baseTitle(input))];
}
