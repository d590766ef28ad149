/**
 * @agno/knowledge/readers: documents from text, Markdown, HTML, PDF, JSON and CSV, from files,
 * folders and URLs. Each document keeps its source, title and metadata. HTML needs `linkedom`,
 * `@mozilla/readability` and `turndown`, PDF needs `unpdf` (optional peers, loaded on first use).
 */

export { ReaderError } from '../errors.js';
export { readCsv } from './csv.js';
export { type CsvRecord, CsvSyntaxError, parseCsv } from './csv-parse.js';
export { DEFAULT_MAX_FILE_BYTES, type ReadFileOptions, readFile } from './file.js';
export { type FolderRead, type ReadFailureEntry, type ReadFolderOptions, readFolder } from './folder.js';
export { readHtml } from './html.js';
export type { ReadFailure } from './input.js';
export { readJson } from './json.js';
export { firstHeading, readMarkdown, splitFrontMatter } from './markdown.js';
export { readPdf } from './pdf.js';
export { EXTENSION_KINDS, kindOfContentType, kindOfPath, readAs } from './read-as.js';
export { readText } from './text.js';
export type {
  CsvReadOptions,
  DocumentKind,
  HtmlReadOptions,
  JsonReadOptions,
  PdfReadOptions,
  Reader,
  ReaderInput,
  ReadOptions,
} from './types.js';
export { type ReadUrlOptions, readUrl, type UrlGuard } from './url.js';
