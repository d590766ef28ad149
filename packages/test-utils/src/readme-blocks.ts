/** The fenced code blocks of a Markdown file (a README), with their names. */
import { readFileSync } from 'node:fs';

/** One fenced code block of a README. */
export interface ReadmeBlock {
  /** Position among the blocks of the same language, from 0. */
  index: number;
  /** The fence's language: `ts` in ```` ```ts ````. */
  lang: string;
  /** `key=value` words after the language: `{ example: 'quick-start' }` for ```` ```ts example=quick-start ````. */
  attributes: Record<string, string>;
  /** The file a `<!-- file: path -->` comment right above the fence names, if any. */
  file: string | undefined;
  /** The code between the fences, as written (ending with its last newline). */
  code: string;
}

// Fences open and close at the start of a line (``` inside a line is inline code).
const FENCE = /^(?:<!-- file: (\S+) -->\n)?```(\w+)([^\n]*)\n([\s\S]*?)^```/gm;

/**
 * The fenced blocks of `markdown` in language `lang` (exactly: ```` ```typescript ```` blocks are
 * not ```` ```ts ```` blocks, so a README can show fragments that are not run).
 */
export function readmeBlocks(markdown: string, lang = 'ts'): ReadmeBlock[] {
  const out: ReadmeBlock[] = [];
  for (const m of markdown.matchAll(FENCE)) {
    if (m[2] !== lang) continue;
    const attributes: Record<string, string> = {};
    for (const [, key, value] of m[3]!.matchAll(/(\w[\w-]*)=(\S+)/g)) attributes[key!] = value!;
    out.push({ index: out.length, lang: m[2], attributes, file: m[1], code: m[4]! });
  }
  return out;
}

/** {@link readmeBlocks} of the file at `path`. */
export function readReadmeBlocks(path: string | URL, lang = 'ts'): ReadmeBlock[] {
  return readmeBlocks(readFileSync(path, 'utf8'), lang);
}

/**
 * The one block whose code contains `text`, or whose `example=` name is `text`; throws when
 * none or several match, so a test names its example without depending on the README's order.
 */
export function findBlock(blocks: readonly ReadmeBlock[], text: string): ReadmeBlock {
  const named = blocks.filter((b) => b.attributes.example === text);
  const found = named.length > 0 ? named : blocks.filter((b) => b.code.includes(text));
  if (found.length !== 1) {
    throw new Error(`${found.length === 0 ? 'no' : found.length} README examples match "${text}"`);
  }
  return found[0]!;
}
