/**
 * Metadata filters, checked once and parsed into clauses that every store translates (the
 * in-memory matcher here, SQL in the SQLite, PostgreSQL and LanceDB stores). Semantics, as the
 * conformance suite pins them: every key must match; values match by type and value (5 is not
 * "5", true is not 1); a key a chunk lacks matches only `ne`; ranges match numbers only.
 */
import { type MetadataFilter, type MetadataValue, StoreError } from '@agno/core';

/** One checked condition on one metadata key. */
export type FilterClause =
  | { key: string; op: 'eq'; value: MetadataValue }
  | { key: string; op: 'in'; values: readonly MetadataValue[] }
  | { key: string; op: 'ne'; value: MetadataValue }
  | { key: string; op: 'range'; gt?: number; gte?: number; lt?: number; lte?: number };

const RANGE_KEYS = new Set(['gt', 'gte', 'lt', 'lte']);

function invalid(key: string, why: string): StoreError {
  return new StoreError(`invalid metadata filter on ${JSON.stringify(key)}: ${why}`, {
    code: 'validation_error',
  });
}

function isValue(v: unknown): v is MetadataValue {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v))
  );
}

function parseCondition(key: string, condition: unknown): FilterClause {
  if (isValue(condition)) return { key, op: 'eq', value: condition };
  if (typeof condition !== 'object' || Array.isArray(condition)) {
    throw invalid(
      key,
      `expected a string, number, boolean, null or an operator object, got ${typeof condition}`,
    );
  }
  const ops = Object.keys(condition);
  const c = condition as Record<string, unknown>;
  if (ops.length === 1 && ops[0] === 'in') {
    if (!Array.isArray(c.in) || !c.in.every(isValue)) throw invalid(key, '`in` takes an array of values');
    return { key, op: 'in', values: [...c.in] };
  }
  if (ops.length === 1 && ops[0] === 'ne') {
    if (!isValue(c.ne)) throw invalid(key, '`ne` takes a string, number, boolean or null');
    return { key, op: 'ne', value: c.ne };
  }
  if (ops.length === 0 || !ops.every((op) => RANGE_KEYS.has(op))) {
    throw invalid(key, `unknown operators ${JSON.stringify(ops)} (use one of in, ne, or gt/gte/lt/lte)`);
  }
  const clause: FilterClause = { key, op: 'range' };
  for (const op of ops as ('gt' | 'gte' | 'lt' | 'lte')[]) {
    const bound = c[op];
    if (typeof bound !== 'number' || !Number.isFinite(bound))
      throw invalid(key, `\`${op}\` takes a finite number`);
    clause[op] = bound;
  }
  return clause;
}

/** The clauses of `filter` (none for no filter); a `StoreError` (code `validation_error`) when malformed. */
export function parseFilter(filter: MetadataFilter | undefined): FilterClause[] {
  if (filter === undefined) return [];
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new StoreError('a metadata filter must be an object of conditions', { code: 'validation_error' });
  }
  return Object.entries(filter).map(([key, condition]) => parseCondition(key, condition));
}

function inRange(v: MetadataValue | undefined, c: Extract<FilterClause, { op: 'range' }>): boolean {
  if (typeof v !== 'number') return false;
  return (
    (c.gt === undefined || v > c.gt) &&
    (c.gte === undefined || v >= c.gte) &&
    (c.lt === undefined || v < c.lt) &&
    (c.lte === undefined || v <= c.lte)
  );
}

/** Whether `metadata` passes one clause. */
export function matchesClause(metadata: Readonly<Record<string, MetadataValue>>, c: FilterClause): boolean {
  const present = Object.hasOwn(metadata, c.key);
  const v = present ? metadata[c.key] : undefined;
  switch (c.op) {
    case 'eq':
      return present && v === c.value;
    case 'in':
      return present && c.values.includes(v as MetadataValue);
    case 'ne':
      return !present || v !== c.value;
    case 'range':
      return inRange(v, c);
  }
}

/** A predicate for `filter` (undefined when everything passes); throws as {@link parseFilter}. */
export function compileFilter(
  filter: MetadataFilter | undefined,
): ((metadata: Readonly<Record<string, MetadataValue>>) => boolean) | undefined {
  const clauses = parseFilter(filter);
  if (clauses.length === 0) return undefined;
  return (metadata) => {
    for (const c of clauses) if (!matchesClause(metadata, c)) return false;
    return true;
  };
}
