/**
 * Metadata filters as Lance SQL predicates. Lance SQL cannot read inside a JSON string, so each
 * chunk also stores `meta_tokens` (one JSON `[key, value]` per entry: typed, so 5 is not "5") and
 * `meta_numbers` (the keys holding numbers). `eq`, `in` and `ne` become `array_has` tests; a range
 * becomes "the key holds a number" in SQL, and the bounds are checked on the rows that come back.
 * Every literal is a quoted, escaped string.
 */
import type { MetadataValue } from '@agno/core';
import type { FilterClause } from '../stores/filter.js';

/** A Lance SQL string literal of `value` (quotes doubled). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The token of one metadata entry. */
export function metaToken(key: string, value: MetadataValue): string {
  return JSON.stringify([key, value]);
}

/** The tokens and numeric keys of `metadata`, as stored beside it. */
export function metaColumns(metadata: Readonly<Record<string, MetadataValue>>): {
  tokens: string[];
  numbers: string[];
} {
  const tokens: string[] = [];
  const numbers: string[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    tokens.push(metaToken(key, value));
    if (typeof value === 'number') numbers.push(key);
  }
  return { tokens, numbers };
}

/** The predicate of `clauses` (undefined when none), and whether rows must still be checked for ranges. */
export function lancePredicate(clauses: readonly FilterClause[]): {
  where: string | undefined;
  ranges: boolean;
} {
  let ranges = false;
  const parts = clauses.map((c) => {
    if (c.op === 'eq') return `array_has(meta_tokens, ${sqlString(metaToken(c.key, c.value))})`;
    if (c.op === 'ne') return `NOT array_has(meta_tokens, ${sqlString(metaToken(c.key, c.value))})`;
    if (c.op === 'in') {
      if (c.values.length === 0) return 'FALSE';
      return `array_has_any(meta_tokens, make_array(${c.values.map((v) => sqlString(metaToken(c.key, v))).join(', ')}))`;
    }
    ranges = true;
    return `array_has(meta_numbers, ${sqlString(c.key)})`;
  });
  return { where: parts.length === 0 ? undefined : parts.join(' AND '), ranges };
}
