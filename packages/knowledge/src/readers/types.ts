/**
 * What readers take and give: the bytes (or text) of one document with where it came from, the
 * kinds of document there are readers for, and the per-kind options.
 */
import type { KnowledgeDocument, MetadataValue } from '@agno/core';

/** The kinds of document there is a reader for. */
export type DocumentKind = 'text' | 'markdown' | 'html' | 'pdf' | 'json' | 'csv' | 'tsv';

/** One document to read: its bytes or text and where it came from. */
export interface ReaderInput {
  /** Where the document came from (a path, a URL): the documents' `source`. */
  source: string;
  /** The document's bytes, or its text. */
  data: Uint8Array | string;
  /** The file name, for the title and metadata. Default: the last part of `source`. */
  name?: string;
  /** Metadata given to every document read (a file's size and modification time...). */
  metadata?: Record<string, MetadataValue>;
}

/** Reads one input into documents (most kinds give one; JSON, CSV and PDF can give several). */
export type Reader = (input: ReaderInput) => Promise<KnowledgeDocument[]>;

/** Options of the PDF reader. */
export interface PdfReadOptions {
  /**
   * `document` (default): one document, its pages separated by blank lines, `pages` in its
   * metadata. `page`: one document per page with text, source `<source>#page=<n>`, `page` in its
   * metadata.
   */
  split?: 'document' | 'page';
}

/** Options of the JSON reader. */
export interface JsonReadOptions {
  /**
   * `document` (default): the whole value as pretty-printed JSON. `items`: one document per item
   * of the top-level array (or of the array at `itemsField`), source `<source>#<index>` (or
   * `#<idField value>`). Setting `textField` implies `items`.
   */
  split?: 'document' | 'items';
  /** The array to split, as a dotted path (`data.items`). Default: the top-level value. */
  itemsField?: string;
  /**
   * The item field(s) (dotted paths) holding the text; several are joined by blank lines. Default:
   * the whole item as pretty JSON.
   */
  textField?: string | readonly string[];
  /** The item field that gives the title. */
  titleField?: string;
  /** The item field that names the item in its source (`<source>#<id>`). Default: its index. */
  idField?: string;
  /** Item fields (scalars) copied into the document's metadata. */
  metadataFields?: readonly string[];
}

/** Options of the CSV reader. */
export interface CsvReadOptions {
  /**
   * `row` (default): one document per data row, source `<source>#row=<n>` (1 is the first row
   * after the header). `file`: one document holding every row.
   */
  split?: 'row' | 'file';
  /** Field separator. Default `,` (a tab for `.tsv`). */
  delimiter?: string;
  /** Whether the first row names the columns. Default true (otherwise `column1`, `column2`...). */
  header?: boolean;
  /** Columns written into the text, as `column: value` lines. Default: all of them. */
  textColumns?: readonly string[];
  /** The column that gives a row's title. */
  titleColumn?: string;
  /** Columns copied into a row document's metadata (as strings). */
  metadataColumns?: readonly string[];
}

/** Options of the HTML reader. */
export interface HtmlReadOptions {
  /**
   * `article` (default): the main content as `@mozilla/readability` finds it, falling back to
   * the body without navigation, header, footer and asides. `body`: the whole body.
   */
  extract?: 'article' | 'body';
}

/** Options of every reader, by kind; what a file, folder or URL read passes on. */
export interface ReadOptions {
  pdf?: PdfReadOptions;
  json?: JsonReadOptions;
  csv?: CsvReadOptions;
  html?: HtmlReadOptions;
}
