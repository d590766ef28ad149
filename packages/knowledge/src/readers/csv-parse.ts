/**
 * An RFC 4180 CSV parser: fields separated by a delimiter, records by CRLF (or LF, or CR),
 * quoted fields that hold delimiters, line breaks and doubled quotes (`""`), a leading byte
 * order mark dropped. Malformed input (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote) is a {@link CsvSyntaxError} naming the line.
 */

/** Malformed CSV: what is wrong and on which line (1-based) it starts. */
export class CsvSyntaxError extends Error {
  /** The line where the problem is. */
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/** A parsed record and the line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/**
 * The records of `text`. A line with nothing on it is skipped (a blank line is not a record of
 * one empty field), so a final line break adds no record.
 */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new RangeError(
      `a CSV delimiter is one character other than a quote or a line break, not ${JSON.stringify(delimiter)}`,
    );
  const delim = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const c0 = text.charCodeAt(i);
    if (c0 === CR || c0 === LF) {
      // An empty line.
      i += c0 === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        // A quoted field: up to the quote not followed by another quote.
        let out = '';
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvSyntaxError('a quoted field is never closed', start);
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === LF) line++;
          if (text.charCodeAt(q + 1) === QUOTE) {
            out += text.slice(from, q + 1);
            i = from = q + 2;
            continue;
          }
          out += text.slice(from, q);
          i = q + 1;
          break;
        }
        value = out;
        const next = i < n ? text.charCodeAt(i) : LF;
        if (next !== delim && next !== CR && next !== LF)
          throw new CsvSyntaxError(`unexpected ${JSON.stringify(text[i])} after a closing quote`, line);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === CR || c === LF) break;
          if (c === QUOTE)
            throw new CsvSyntaxError(
              'a quote inside an unquoted field (quote the field and double the quote)',
              line,
            );
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        continue;
      }
      // A line break ends the record.
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    records.push({ fields, line: start });
  }
  return records;
}
