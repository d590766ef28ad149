/**
 * Checks the tools a plugin ships against what the providers accept: every tool's `parameters`
 * must be an Anthropic `input_schema` (a JSON Schema object with `type: "object"` at the top and
 * no composition there), and a tool that asks for strict mode must send a schema OpenAI strict mode
 * accepts (every property required, `additionalProperties: false` on every object, only the
 * keywords strict mode knows). Framework-free: it returns the issues, or throws them.
 */
import { ConfigError, isToolkit, type JSONSchema, type Tool, type ToolSource } from '@agno/core';
import { strictIncompatibilities } from '@agno/core/utils';

/** One problem with one tool. */
export interface ToolSchemaIssue {
  /** The tool's name. */
  tool: string;
  /** Which provider rejects it: `openai-strict`, `anthropic`, or `any` (both). */
  target: 'openai-strict' | 'anthropic' | 'any';
  /** Where in the schema (`(root)`, `(root).city`, ...). */
  path: string;
  /** What is wrong. */
  message: string;
}

/** Options of {@link checkToolSchemas}. */
export interface ToolSchemaCheckOptions {
  /**
   * Also require the tools that do not ask for strict mode to be convertible to it (with
   * `toStrictJSONSchema`). Default false.
   */
  requireStrictCompatible?: boolean;
}

/** OpenAI and Anthropic both limit tool names to this. */
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Keywords OpenAI strict mode accepts in a schema (beyond these, the request is refused). */
const STRICT_KEYWORDS = new Set([
  'type',
  'description',
  'title',
  'enum',
  'const',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  '$ref',
  '$defs',
  'definitions',
]);

/** Deeper than this a schema is reported (guards against cycles). */
const MAX_DEPTH = 32;

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The tools of `sources` (toolkits are loaded; their `close` is not called). */
export async function resolveTools(sources: ToolSource | readonly ToolSource[]): Promise<Tool[]> {
  const list = Array.isArray(sources) ? sources : [sources as ToolSource];
  const tools: Tool[] = [];
  for (const source of list) {
    if (isToolkit(source)) tools.push(...(await source.tools()));
    else tools.push(source as Tool);
  }
  return tools;
}

/**
 * Lists every schema problem of the tools (and the tools of toolkits) in `sources`; an empty list
 * means OpenAI (strict where asked) and Anthropic accept them all. Reading a tool's `parameters`
 * runs its package's transform (for `@agno/tools`' `tool()`, the strict form when `strict: true`).
 */
export async function checkToolSchemas(
  sources: ToolSource | readonly ToolSource[],
  options: ToolSchemaCheckOptions = {},
): Promise<ToolSchemaIssue[]> {
  const issues: ToolSchemaIssue[] = [];
  const seen = new Set<string>();
  for (const tool of await resolveTools(sources)) {
    const add = (target: ToolSchemaIssue['target'], path: string, message: string) =>
      issues.push({ tool: tool.name, target, path, message });
    if (!NAME.test(tool.name)) add('any', '(name)', 'tool names must match ^[a-zA-Z0-9_-]{1,64}$');
    if (seen.has(tool.name)) add('any', '(name)', 'two tools have this name');
    seen.add(tool.name);
    if (typeof tool.description !== 'string' || tool.description.trim() === '') {
      add('any', '(description)', 'the model needs a description to choose the tool');
    }
    let parameters: JSONSchema;
    try {
      parameters = tool.parameters;
    } catch (error) {
      add('any', '(root)', `reading the parameters failed: ${(error as Error).message}`);
      continue;
    }
    checkAnthropic(parameters, (path, message) => add('anthropic', path, message));
    if (tool.strict === true) {
      checkStrictForm(parameters, '(root)', 0, (path, message) => add('openai-strict', path, message));
    } else if (options.requireStrictCompatible === true && isNode(parameters)) {
      for (const issue of strictIncompatibilities(parameters)) {
        const cut = issue.indexOf(': ');
        const path = issue.slice(0, cut);
        add('openai-strict', /^[(#]/.test(path) ? path : `(root).${path}`, issue.slice(cut + 2));
      }
    }
  }
  return issues;
}

/**
 * Like {@link checkToolSchemas}, but throws a {@link ConfigError} listing every issue
 * (`details.issues`) when there is one. Call it from any test runner.
 */
export async function assertToolSchemas(
  sources: ToolSource | readonly ToolSource[],
  options: ToolSchemaCheckOptions = {},
): Promise<void> {
  const issues = await checkToolSchemas(sources, options);
  if (issues.length === 0) return;
  const lines = issues.map((i) => `${i.tool} [${i.target}] ${i.path}: ${i.message}`);
  throw new ConfigError(`tool schemas the providers would refuse:\n${lines.join('\n')}`, {
    details: { issues },
  });
}

function checkAnthropic(schema: unknown, add: (path: string, message: string) => void): void {
  if (!isNode(schema)) {
    add('(root)', 'input_schema must be a JSON Schema object');
    return;
  }
  if (schema.type !== 'object') add('(root)', 'input_schema must have type "object" at the top');
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (schema[key] !== undefined) add('(root)', `input_schema cannot use ${key} at the top level`);
  }
  const properties = schema.properties;
  if (properties !== undefined && !isNode(properties)) add('(root)', '"properties" must be an object');
  const required = schema.required;
  if (required !== undefined) {
    if (!Array.isArray(required) || required.some((r) => typeof r !== 'string')) {
      add('(root)', '"required" must be an array of property names');
    } else if (isNode(properties)) {
      for (const name of required) {
        if (!(name in properties)) add('(root)', `"required" names "${name}", which is not a property`);
      }
    }
  }
}

function checkStrictForm(
  node: unknown,
  path: string,
  depth: number,
  add: (path: string, message: string) => void,
): void {
  if (!isNode(node) || depth > MAX_DEPTH) {
    add(
      path,
      isNode(node) ? `nested deeper than ${MAX_DEPTH} levels` : 'strict mode needs a schema object here',
    );
    return;
  }
  if (depth === 0 && node.type !== 'object') add(path, 'the root must have type "object"');
  for (const key of Object.keys(node)) {
    if (!STRICT_KEYWORDS.has(key)) add(path, `strict mode does not accept "${key}"`);
  }
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('object') || node.properties !== undefined) {
    if (node.additionalProperties !== false) add(path, 'objects need additionalProperties: false');
    const properties = isNode(node.properties) ? node.properties : {};
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    for (const name of Object.keys(properties)) {
      if (!required.includes(name))
        add(path, `property "${name}" must be required (make it nullable instead)`);
      checkStrictForm(properties[name], `${path}.${name}`, depth + 1, add);
    }
  }
  if (node.items !== undefined) {
    if (Array.isArray(node.items)) add(path, 'tuples (array "items") are not accepted');
    else checkStrictForm(node.items, `${path}[]`, depth + 1, add);
  }
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf)) add(path, '"anyOf" must be an array');
    else
      for (let i = 0; i < node.anyOf.length; i++)
        checkStrictForm(node.anyOf[i], `${path}|${i}`, depth + 1, add);
  }
  for (const key of ['$defs', 'definitions'] as const) {
    const defs = node[key];
    if (isNode(defs)) {
      for (const [name, def] of Object.entries(defs))
        checkStrictForm(def, `#/${key}/${name}`, depth + 1, add);
    }
  }
}
