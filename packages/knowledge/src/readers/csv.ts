/**
 * The CSV reader: one document per row (its text `column: value` lines), or one for the whole
 * file. Rows of the wrong length and malformed quoting are `ReaderError`s naming the line.
 */
import type { KnowledgeDocument, MetadataValue } from '@agno/core';
import { type CsvRecord, CsvSyntaxError, parseCsv } from './csv-parse.js';
import { baseTitle, documentOf, inputText, readError, requireContent } from './input.js';
import type { CsvReadOptions, ReaderInput } from './types.js';

/** Reads CSV (or, with `delimiter: '\t'`, TSV) into one document per row, or one per file. */
export async function readCsv(
  input: ReaderInput,
  options: CsvReadOptions = {},
): Promise<KnowledgeDocument[]> {
  const text = requireContent(input, inputText(input));
  let records: CsvRecord[];
  try {
    records = parseCsv(text, options.delimiter ?? ',');
  } catch (error) {
    if (error instanceof CsvSyntaxError || error instanceof RangeError)
      throw readError(input.source, 'corrupt', `is not valid CSV: ${error.message}`, { cause: error });
    throw error;
  }
  const header = options.header !== false;
  const width = records[0]?.fields.length ?? 0;
  const columns = header ? records[0]!.fields.map((name) => name.trim()) : numbered(width);
  const rows = header ? records.slice(1) : records;
  for (const row of rows) {
    if (row.fields.length !== width)
      throw readError(
        input.source,
        'corrupt',
        `is not valid CSV: line ${row.line}: ${row.fields.length} fields where the header has ${width}`,
      );
  }
  if (rows.length === 0) throw readError(input.source, 'empty', 'has no data rows');
  const at = (name: string): number => {
    const index = columns.indexOf(name);
    if (index < 0) throw readError(input.source, 'unsupported', `has no column "${name}"`);
    return index;
  };
  const textAt = (options.textColumns ?? columns).map(at);
  const titleAt = options.titleColumn === undefined ? -1 : at(options.titleColumn);
  const metaAt = (options.metadataColumns ?? []).map(at);
  const rowText = (fields: string[]): string => {
    const lines: string[] = [];
    for (const i of textAt)
      if (fields[i] !== '') lines.push(`${columns[i]}: ${fields[i]!.replace(/\r\n?/g, '\n')}`);
    return lines.join('\n');
  };
  if (options.split === 'file') {
    const content = rows.map((row) => rowText(row.fields)).join('\n\n');
    return [
      documentOf(input, 'csv', content, baseTitle(input), { columns: columns.join(', '), rows: rows.length }),
    ];
  }
  const docs: KnowledgeDocument[] = [];
  rows.forEach((row, r) => {
    const content = rowText(row.fields);
    if (content.length === 0) return;
    const extra: Record<string, MetadataValue> = { row: r + 1 };
    for (const i of metaAt) extra[columns[i]!] = row.fields[i]!;
    const title = titleAt >= 0 && row.fields[titleAt] !== '' ? row.fields[titleAt] : baseTitle(input);
    docs.push(documentOf(input, 'csv', content, title, extra, `${input.source}#row=${r + 1}`));
  });
  if (docs.length === 0) throw readError(input.source, 'empty', 'has no rows with text');
  return docs;
}

function numbered(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `column${i + 1}`);
}
