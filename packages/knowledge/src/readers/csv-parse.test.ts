import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv-parse.js';

const fields = (text: string, delimiter?: string) => parseCsv(text, delimiter).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits fields and records on CRLF, LF and CR, with or without a final line break', () => {
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps delimiters, line breaks and doubled quotes inside quoted fields', () => {
    expect(fields('"x, y","say ""hi""","two\r\nlines"\n')).toEqual([['x, y', 'say "hi"', 'two\r\nlines']]);
    expect(fields('"",""""')).toEqual([['', '"']]);
  });

  it('keeps empty fields, at the ends too, and skips blank lines', () => {
    expect(fields(',a,\n\n\n1,,2\n')).toEqual([
      ['', 'a', ''],
      ['1', '', '2'],
    ]);
  });

  it('drops a byte order mark and reads other delimiters', () => {
    expect(fields('\uFEFFname\tnote\nA\t"x\ty"', '\t')).toEqual([
      ['name', 'note'],
      ['A', 'x\ty'],
    ]);
  });

  it('gives each record the line it starts on, counting line breaks inside quotes', () => {
    const records = parseCsv('h\n"one\ntwo"\nthree\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('refuses malformed quoting with the line', () => {
    expect(() => parseCsv('a\n"open\nstill open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open\nstill open')).toThrow('line 2: a quoted field is never closed');
    expect(() => parseCsv('a,b\n1,"2"x\n')).toThrow('line 2: unexpected "x" after a closing quote');
    expect(() => parseCsv('a,b\nsay "hi",2\n')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('a', '"')).toThrow(RangeError);
  });
});
