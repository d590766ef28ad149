/**
 * Whether a JSON Schema fits OpenAI's strict mode (Structured Outputs): the root is an
 * object, and at every object level each property is required and `additionalProperties`
 * is `false`. Composition keywords strict mode rejects (`allOf`, `oneOf`, `not`, `if`)
 * make a schema non-strict. Results are cached per schema object.
 */
import type { JSONSchema } from '../index.js';

const cache = new WeakMap<object, boolean>();

/** Keywords strict mode does not accept anywhere in a schema. */
const UNSUPPORTED = ['allOf', 'oneOf', 'not', 'if', 'then', 'else', 'patternProperties', 'dependentSchemas'];

/** Deeper than this, a schema is treated as not strict-compatible (guards against cycles). */
const MAX_DEPTH = 32;

/** True when `schema` can be sent with `strict: true`. */
export function isStrictCompatible(schema: JSONSchema): boolean {
  const hit = cache.get(schema);
  if (hit !== undefined) return hit;
  const ok = isObjectType(schema) && check(schema, 0);
  cache.set(schema, ok);
  return ok;
}

function isObjectType(node: Record<string, unknown>): boolean {
  const type = node.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object'));
}

function check(node: unknown, depth: number): boolean {
  if (node === true || node === false) return true;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  if (depth > MAX_DEPTH) return false;
  const n = node as Record<string, unknown>;
  for (const key of UNSUPPORTED) if (n[key] !== undefined) return false;
  const properties = n.properties;
  if (isObjectType(n) || properties !== undefined) {
    if (n.additionalProperties !== false) return false;
    if (properties !== undefined) {
      if (properties === null || typeof properties !== 'object') return false;
      const required = Array.isArray(n.required) ? (n.required as unknown[]) : [];
      for (const key of Object.keys(properties)) {
        if (!required.includes(key)) return false;
        if (!check((properties as Record<string, unknown>)[key], depth + 1)) return false;
      }
    }
  }
  const items = n.items;
  if (items !== undefined) {
    if (Array.isArray(items)) {
      for (const item of items) if (!check(item, depth + 1)) return false;
    } else if (!check(items, depth + 1)) return false;
  }
  if (!checkList(n.prefixItems, depth) || !checkList(n.anyOf, depth)) return false;
  return checkMap(n.$defs, depth) && checkMap(n.definitions, depth);
}

function checkList(list: unknown, depth: number): boolean {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  for (const item of list) if (!check(item, depth + 1)) return false;
  return true;
}

function checkMap(map: unknown, depth: number): boolean {
  if (map === undefined) return true;
  if (map === null || typeof map !== 'object') return false;
  for (const value of Object.values(map)) if (!check(value, depth + 1)) return false;
  return true;
}
