/**
 * Metadata filters as SQL over a `jsonb` column, with every key and value a bound parameter (never
 * spliced): jsonb equality is typed (5 is not "5", true is not 1), a missing key is SQL NULL (so it
 * fails everything but `ne`, which is `IS DISTINCT FROM`), ranges read numbers only.
 */
import type { FilterClause } from '../stores/filter.js';

/**
 * The SQL condition of `clauses` on the jsonb column `column` (`TRUE` when none), appending its
 * parameters to `params` (placeholders continue from `params.length`).
 */
export function filterSql(clauses: readonly FilterClause[], column: string, params: unknown[]): string {
  if (clauses.length === 0) return 'TRUE';
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const parts = clauses.map((c) => {
    if (c.op === 'in' && c.values.length === 0) return 'FALSE';
    const field = `(${column} -> ${p(c.key)}::text)`;
    switch (c.op) {
      case 'eq':
        return `${field} = ${p(JSON.stringify(c.value))}::jsonb`;
      case 'ne':
        return `${field} IS DISTINCT FROM ${p(JSON.stringify(c.value))}::jsonb`;
      case 'in':
        return `${field} = ANY(${p(c.values.map((v) => JSON.stringify(v)))}::jsonb[])`;
      default: {
        const n = `(CASE WHEN jsonb_typeof(${field}) = 'number' THEN (${field} #>> '{}')::float8 END)`;
        const bounds: string[] = [];
        if (c.gt !== undefined) bounds.push(`${n} > ${p(c.gt)}::float8`);
        if (c.gte !== undefined) bounds.push(`${n} >= ${p(c.gte)}::float8`);
        if (c.lt !== undefined) bounds.push(`${n} < ${p(c.lt)}::float8`);
        if (c.lte !== undefined) bounds.push(`${n} <= ${p(c.lte)}::float8`);
        return `(${bounds.join(' AND ')})`;
      }
    }
  });
  return parts.join(' AND ');
}
