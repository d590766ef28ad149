/**
 * The strict-mode transform: OpenAI's strict function calling accepts only a subset of
 * JSON Schema (every property required, `additionalProperties: false` on every object,
 * no `oneOf`/`allOf`, a short list of keywords). This turns an ordinary JSON Schema (as
 * zod 4 emits it) into that subset: optional properties become required and nullable
 * (see `createNullRestorer` for mapping the model's nulls back), `oneOf` becomes `anyOf`,
 * and keywords strict mode refuses move into the description so the model still reads them
 * (the tool's own validation keeps enforcing them). What strict mode cannot express at all
 * (records, tuples, intersections, "any value") is reported, never silently dropped.
 * The result is also a valid Anthropic `input_schema` (an object schema at the top).
 */
import { ConfigError, type JSONSchema } from '../index.js';

type Node = Record<string, unknown>;

/** Keywords strict mode accepts and that are kept as they are. */
const KEPT = new Set([
  'type',
  'description',
  'title',
  'enum',
  'const',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  '$ref',
]);

/** Keywords with no meaning for the model, dropped. */
const DROPPED = new Set(['$schema', '$id', '$comment', 'readOnly', 'writeOnly', 'deprecated', 'id']);

/** String formats strict mode supports; others move into the description. */
const FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** Keywords that change what values are valid in a way strict mode cannot express. */
const INEXPRESSIBLE: Record<string, string> = {
  allOf: 'intersections (allOf, e.g. z.intersection or .and())',
  not: '"not" schemas',
  if: 'conditional schemas (if/then/else)',
  patternProperties: 'objects with pattern properties',
  prefixItems: 'tuples (prefixItems)',
  dependentSchemas: 'dependent schemas',
  dependencies: 'dependent schemas',
  unevaluatedProperties: 'unevaluatedProperties',
  contains: '"contains" on arrays',
};

/**
 * Lists why `schema` cannot be expressed in OpenAI strict mode, one `path: reason` per problem;
 * an empty list means {@link toStrictJSONSchema} will succeed.
 */
export function strictIncompatibilities(schema: JSONSchema): string[] {
  const issues: string[] = [];
  transform(schema, issues);
  return issues;
}

/**
 * Transforms a JSON Schema into the form OpenAI strict mode accepts (and Anthropic's
 * `input_schema` too): every object property required, optional ones made nullable,
 * `additionalProperties: false` everywhere, `oneOf` as `anyOf`, unsupported keywords moved
 * into descriptions. Throws a {@link ConfigError} (`details.issues`) when the schema holds
 * something strict mode cannot express, such as a record (`z.record`) or a tuple.
 * The input is not modified.
 */
export function toStrictJSONSchema(schema: JSONSchema): JSONSchema {
  const issues: string[] = [];
  const out = transform(schema, issues);
  if (issues.length > 0) {
    throw new ConfigError(`the schema cannot be expressed in strict mode: ${issues.join('; ')}`, {
      details: { issues },
    });
  }
  return out;
}

function transform(schema: JSONSchema, issues: string[]): JSONSchema {
  if (!isNode(schema) || !isObjectType(schema)) {
    issues.push('(root): the parameters must be an object schema (type "object" at the top)');
  }
  return strictNode(schema, '(root)', issues);
}

function strictNode(node: unknown, path: string, issues: string[]): Node {
  if (node === true || (isNode(node) && isAny(node))) {
    issues.push(`${path}: accepts any value (z.any/z.unknown), which strict mode cannot express`);
    return {};
  }
  if (node === false || !isNode(node)) {
    issues.push(`${path}: is not a schema`);
    return {};
  }
  const out: Node = {};
  const notes: string[] = [];
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (KEPT.has(key)) out[key] = value;
    else if (DROPPED.has(key)) continue;
    else if (key === 'format') {
      if (FORMATS.has(value as string)) out.format = value;
      else notes.push(`format: ${String(value)}`);
    } else if (key === 'properties' || key === 'required' || key === 'additionalProperties') {
      // handled with the object below
    } else if (key === 'propertyNames') {
      // reported with the object below
    } else if (key === 'default' || key === 'examples') {
      notes.push(`${key}: ${JSON.stringify(value)}`);
    } else if (key === 'items') {
      if (Array.isArray(value)) issues.push(`${path}: tuples (z.tuple) cannot be expressed in strict mode`);
      else out.items = strictNode(value, `${path}[]`, issues);
    } else if (key === 'additionalItems') {
      // only meaningful with tuple items, reported there
    } else if (key === 'anyOf' || key === 'oneOf') {
      const branches = value as unknown[];
      const merged = (out.anyOf as Node[] | undefined) ?? [];
      for (let i = 0; i < branches.length; i++) merged.push(strictNode(branches[i], `${path}|${i}`, issues));
      out.anyOf = merged;
    } else if (key === 'definitions' || key === '$defs') {
      const defs: Node = {};
      for (const [name, def] of Object.entries(value as Node)) {
        defs[name] = strictNode(def, `#/${key}/${name}`, issues);
      }
      out[key] = defs;
    } else if (key in INEXPRESSIBLE) {
      issues.push(`${path}: ${INEXPRESSIBLE[key]} cannot be expressed in strict mode`);
    } else if (key === 'then' || key === 'else') {
      // reported with "if"
    } else if (isScalarish(value)) {
      notes.push(`${key}: ${JSON.stringify(value)}`);
    } else {
      issues.push(`${path}: the keyword "${key}" cannot be expressed in strict mode`);
    }
  }
  if (isObjectType(node)) strictObject(node, out, path, issues);
  if (notes.length > 0) {
    const text = notes.join('; ');
    out.description = typeof out.description === 'string' ? `${out.description} (${text})` : `(${text})`;
  }
  return out;
}

function strictObject(node: Node, out: Node, path: string, issues: string[]): void {
  const props = isNode(node.properties) ? node.properties : undefined;
  const extra = node.additionalProperties;
  const hasProps = props !== undefined && Object.keys(props).length > 0;
  const freeKeys =
    node.propertyNames !== undefined ||
    (isNode(extra) && !isAny(extra)) ||
    (!hasProps && extra !== undefined && extra !== false);
  if (freeKeys) {
    issues.push(
      `${path}: records (objects with free-form keys, e.g. z.record) cannot be expressed in strict mode`,
    );
  }
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  const properties: Node = {};
  if (props !== undefined) {
    for (const [key, child] of Object.entries(props)) {
      const childPath = path === '(root)' ? key : `${path}.${key}`;
      const strict = strictNode(child, childPath, issues);
      properties[key] = required.has(key) ? strict : nullable(strict);
    }
  }
  out.type = 'object';
  out.properties = properties;
  out.required = Object.keys(properties);
  out.additionalProperties = false;
}

/** The schema that also accepts `null`. */
function nullable(node: Node): Node {
  if (acceptsNull(node)) return node;
  const type = node.type;
  const plain = node.enum === undefined && node.const === undefined;
  if (typeof type === 'string' && plain) return { ...node, type: [type, 'null'] };
  if (Array.isArray(type) && plain) return { ...node, type: [...type, 'null'] };
  if (Array.isArray(node.anyOf) && Object.keys(node).every((k) => k === 'anyOf' || k === 'description')) {
    return { ...node, anyOf: [...(node.anyOf as Node[]), { type: 'null' }] };
  }
  const { description, ...rest } = node;
  const out: Node = { anyOf: [rest, { type: 'null' }] };
  if (description !== undefined) out.description = description;
  return out;
}

/** True when the schema accepts `null` as it is. */
export function acceptsNull(node: unknown): boolean {
  if (!isNode(node)) return node === true;
  if (isAny(node)) return true;
  const type = node.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) {
    return !Array.isArray(node.enum) || node.enum.includes(null);
  }
  if (node.const === null) return true;
  if (type === undefined && Array.isArray(node.enum) && node.enum.includes(null)) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches) && branches.some(acceptsNull)) return true;
  }
  return false;
}

/** True for a node that declares an object. */
export function isObjectType(node: Node): boolean {
  const type = node.type;
  if (type === 'object') return true;
  if (Array.isArray(type)) return type.includes('object');
  return type === undefined && (isNode(node.properties) || node.additionalProperties !== undefined);
}

function isAny(node: Node): boolean {
  for (const key in node) {
    if (key !== 'description' && key !== 'title' && key !== '$schema' && key !== 'default') return false;
  }
  return true;
}

/** True for a plain object (a schema node). */
export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalarish(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
}
