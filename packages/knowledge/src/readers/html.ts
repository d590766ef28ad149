/**
 * The HTML reader: the page's main content (found by `@mozilla/readability` on a `linkedom`
 * document), as Markdown (`turndown`), titled by the page's `<title>`. All three are optional
 * peers, loaded on first use.
 */

import type { KnowledgeDocument, MetadataValue } from '@agno/core';
import { loadPeer } from '@agno/core/utils';
import { baseTitle, documentOf, inputText, readError, requireContent } from './input.js';
import type { HtmlReadOptions, ReaderInput } from './types.js';

interface HtmlPeers {
  parseHTML: (html: string) => { document: Document };
  Readability: new (
    document: Document,
  ) => {
    parse(): {
      content?: string | null;
      byline?: string | null;
      lang?: string | null;
      excerpt?: string | null;
    } | null;
  };
  toMarkdown: (html: string) => string;
}

const FEATURE = 'reading HTML';

let peers: Promise<HtmlPeers> | undefined;

function loadPeers(): Promise<HtmlPeers> {
  peers ??= (async () => {
    const [linkedom, readability, turndown] = await Promise.all([
      loadPeer('linkedom', FEATURE, () => import('linkedom')),
      loadPeer('@mozilla/readability', FEATURE, () => import('@mozilla/readability')),
      loadPeer('turndown', FEATURE, () => import('turndown')),
    ]);
    const service = new turndown.default({
      headingStyle: 'atx',
      codeBlockStyle: 'fenced',
      bulletListMarker: '-',
      emDelimiter: '*',
    });
    service.remove(['script', 'style', 'noscript', 'iframe', 'form', 'button']);
    return {
      parseHTML: linkedom.parseHTML as unknown as HtmlPeers['parseHTML'],
      Readability: readability.Readability as unknown as HtmlPeers['Readability'],
      toMarkdown: (html: string) => service.turndown(html),
    };
  })().catch((error: unknown) => {
    peers = undefined;
    throw error;
  });
  return peers;
}

/** Elements that are never content. */
const NEVER_CONTENT = 'script, style, noscript, template, nav, aside, form, iframe, svg, dialog';
/** Page headers and footers: dropped unless they sit inside the article itself. */
const PAGE_FURNITURE = 'header, footer';

/** Removes navigation, sidebars, scripts and the page's own header and footer from `document`. */
function stripBoilerplate(document: Document): void {
  for (const el of Array.from(document.querySelectorAll(NEVER_CONTENT))) el.remove();
  for (const el of Array.from(document.querySelectorAll(PAGE_FURNITURE))) {
    if (el.parentElement?.closest('article, main') == null) el.remove();
  }
}

/**
 * Reads an HTML page into one Markdown document: the article's content (`extract: 'article'`,
 * the default) or the body's. An empty page is a `ReaderError`.
 */
export async function readHtml(
  input: ReaderInput,
  options: HtmlReadOptions = {},
): Promise<KnowledgeDocument[]> {
  const html = inputText(input);
  requireContent(input, html);
  const { parseHTML, Readability, toMarkdown } = await loadPeers();
  let document: Document;
  try {
    document = parseHTML(html).document;
  } catch (error) {
    throw readError(input.source, 'corrupt', 'is not readable HTML', { cause: error });
  }
  const title = clean(document.title) || undefined;
  stripBoilerplate(document);
  const heading = clean(document.querySelector('h1')?.textContent);
  const extra: Record<string, MetadataValue> = {};
  const lang = document.documentElement?.getAttribute('lang');
  if (lang) extra.lang = lang;
  // Readability rewrites the document it is given: the body is kept for the fallback first.
  const bodyHtml = document.body?.innerHTML;
  let markdown = '';
  if (options.extract !== 'body') {
    const article = new Readability(document).parse();
    if (article?.content) markdown = toMarkdown(article.content).trim();
    if (article?.byline) extra.byline = clean(article.byline);
    if (article?.excerpt) extra.description = clean(article.excerpt);
  }
  if (markdown.length === 0) markdown = toMarkdown(bodyHtml ?? '').trim();
  requireContent(input, markdown, 'has no readable text');
  // Readability takes the page's heading out of the article: it goes back on top.
  if (heading && !markdown.includes(`# ${heading}`)) markdown = `# ${heading}\n\n${markdown}`;
  return [documentOf(input, 'html', markdown, title ?? (heading || baseTitle(input)), extra)];
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
