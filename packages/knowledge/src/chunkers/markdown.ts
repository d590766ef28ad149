/**
 * The Markdown chunker: one chunk per section (a heading and its text), the heading path in the
 * chunk's metadata, and sections too big cut by the recursive splitter with overlap.
 */
import type { KnowledgeChunk } from '@agno/core';
import { chunkOf } from './chunk-of.js';
import { checkSizes, DEFAULT_SEPARATORS, splitText } from './split.js';
import type { ChunkSizeOptions, SyncChunker } from './types.js';

/** Options of {@link markdownChunker}. */
export interface MarkdownChunkerOptions extends ChunkSizeOptions {
  /** Largest chunk in characters. Default 1000. */
  size?: number;
  /** Overlap (characters) between the chunks of a section cut in several. Default 100. */
  overlap?: number;
  /** Separator of the heading path in `metadata.headings`. Default `' > '`. */
  pathSeparator?: string;
}

/** A section of a Markdown document: its text (heading line included) and its heading path. */
export interface MarkdownSection {
  /** Headings from the top level down to this section's own. */
  path: string[];
  text: string;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits Markdown into sections at ATX headings (`#` to `######`, not inside fenced code). A
 * heading directly followed by another heading joins the next section, so no section is a bare
 * heading. Text before the first heading is a section with an empty path.
 */
export function markdownSections(markdown: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  const stack: string[] = [];
  let lines: string[] = [];
  let path: string[] = [];
  let fence: string | undefined;
  let bodyLines = 0;
  const close = (): void => {
    const text = lines.join('\n').trim();
    if (text !== '') sections.push({ path, text });
    lines = [];
    bodyLines = 0;
  };
  for (const line of markdown.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch !== null) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    }
    const heading = fence === undefined && fenceMatch === null ? HEADING.exec(line) : null;
    if (heading !== null) {
      const level = heading[1]!.length;
      // A section with body text ends here; a bare heading stays and joins the next section.
      if (bodyLines > 0 || lines.length === 0) close();
      stack.length = Math.min(stack.length, level - 1);
      while (stack.length < level - 1) stack.push('');
      stack.push(heading[2]!.trim());
      path = stack.filter((h) => h !== '');
      lines.push(line);
      continue;
    }
    lines.push(line);
    if (line.trim() !== '') bodyLines++;
  }
  close();
  return sections;
}

/**
 * A chunker for Markdown (and text: without headings it is the recursive chunker): a chunk per
 * section with `metadata.headings` (the heading path, `' > '`-joined) and `metadata.heading` (the
 * section's own); a section over `size` characters is cut recursively, with overlap.
 */
export function markdownChunker(options: MarkdownChunkerOptions = {}): SyncChunker {
  const size = options.size ?? 1000;
  const overlap = options.overlap ?? Math.min(100, Math.floor(size / 10));
  const joiner = options.pathSeparator ?? ' > ';
  checkSizes(size, overlap, 'markdownChunker');
  return (document) => {
    const chunks: KnowledgeChunk[] = [];
    for (const section of markdownSections(document.content)) {
      const extra =
        section.path.length === 0
          ? undefined
          : { headings: section.path.join(joiner), heading: section.path[section.path.length - 1]! };
      const texts =
        section.text.length <= size
          ? [section.text]
          : splitText(section.text, size, overlap, DEFAULT_SEPARATORS);
      for (const text of texts) chunks.push(chunkOf(document, chunks.length, text, extra));
    }
    return chunks;
  };
}
