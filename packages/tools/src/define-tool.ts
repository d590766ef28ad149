/**
 * `tool()`: a core Tool from a zod 4 schema (or any Standard Schema with a JSON Schema
 * conversion). Definition only stores what it is given; the JSON Schema, its strict form
 * and the validator are built once, when an agent first reads them.
 */
import {
  ConfigError,
  isValidToolName,
  type JSONSchema,
  MAX_TOOL_NAME_LENGTH,
  type StandardSchemaV1,
  type Tool,
  type ToolContext,
} from '@agno/core';
import { type PreparedParameters, prepareParameters } from './parameters.js';
import { type CacheOption, type ExecuteFn, resolveCache, type ToolResultCache } from './result-cache.js';

/** Options every tool accepts (and that a toolkit can set for all of its tools). */
export interface ToolOptions {
  /** The tool is abandoned after this many ms, with a timeout error for the model; `context.signal` aborts. */
  timeoutMs?: number;
  /** The run pauses for a person to approve or reject each call. */
  requiresConfirmation?: boolean;
  /** Keep results for identical arguments: `true` (5 minutes, 1000 entries), options, or a shared cache. */
  cache?: CacheOption;
  /** Results longer than this are cut, with a marker the model sees. */
  maxResultChars?: number;
  /** Text added to the agent's system prompt when the tool is present. */
  instructions?: string;
}

/** The arguments `execute` receives: the schema's output type. */
export type ToolArgs<S> = S extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<S>
  : Record<string, never>;

/** What `tool()` takes. */
export interface ToolDefinition<S extends StandardSchemaV1 | undefined, R> extends ToolOptions {
  /** Unique name within an agent: letters, digits, `_` and `-`, at most 64 (the providers' limit). */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /** The arguments: a zod 4 object schema (or any Standard Schema with JSON Schema). Omit for none. */
  parameters?: S;
  /** The JSON Schema the model sees, for schema libraries without a JSON Schema conversion. */
  jsonSchema?: JSONSchema;
  /**
   * Send the schema in strict form (every property required, optional ones nullable,
   * `additionalProperties: false`) and ask the provider to enforce it. Fails with a
   * `config_error` on the first run when the schema holds what strict mode cannot express.
   */
  strict?: boolean;
  /** Runs the tool with validated arguments; thrown errors go to the model as error results. */
  execute(args: ToolArgs<S>, context: ToolContext): R | Promise<R>;
}

/** A tool made by {@link tool}: a core `Tool`, plus its cache and {@link DefinedTool.with}. */
export class DefinedTool<Args = any, Result = unknown> implements Tool<Args, Result> {
  readonly name: string;
  readonly description: string;
  readonly strict: boolean | undefined;
  readonly instructions: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly requiresConfirmation: boolean | undefined;
  readonly maxResultChars: number | undefined;
  /** The result cache, when the tool is cacheable (read `cache.stats` for hits and misses). */
  readonly cache: ToolResultCache | undefined;
  /** The schema as given. */
  readonly input: StandardSchemaV1<unknown, Args> | undefined;
  private readonly jsonSchema: JSONSchema | undefined;
  private readonly run: ExecuteFn;
  /** Built on first read; handed to the tools made by `with()` (same schema, same strictness). */
  private prepared: PreparedParameters | undefined;

  /** Use {@link tool}. */
  constructor(definition: ToolDefinition<any, Result>, prepared?: PreparedParameters) {
    const { name, description } = definition;
    if (!isValidToolName(name)) {
      throw new ConfigError(
        `invalid tool name ${JSON.stringify(name)}: use 1-${MAX_TOOL_NAME_LENGTH} letters, digits, "_" or "-" (the providers' limit)`,
      );
    }
    if (typeof description !== 'string') throw new ConfigError(`tool "${name}" needs a description`);
    if (typeof definition.execute !== 'function')
      throw new ConfigError(`tool "${name}" needs an execute function`);
    checkOptions(name, definition);
    this.name = name;
    this.description = description;
    this.strict = definition.strict;
    this.instructions = definition.instructions;
    this.timeoutMs = definition.timeoutMs;
    this.requiresConfirmation = definition.requiresConfirmation;
    this.maxResultChars = definition.maxResultChars;
    this.cache = resolveCache(definition.cache);
    this.input = definition.parameters;
    this.jsonSchema = definition.jsonSchema;
    this.run = definition.execute;
    this.prepared = prepared;
  }

  /** The JSON Schema of the arguments, as the model sees it (built on first read). */
  get parameters(): JSONSchema {
    return (this.prepared ??= this.prepare()).parameters;
  }

  /** The validator core runs before `execute` (built on first read). */
  get schema(): StandardSchemaV1<unknown, Args> | undefined {
    return (this.prepared ??= this.prepare()).schema as StandardSchemaV1<unknown, Args> | undefined;
  }

  /** Runs the tool (through its cache, when it has one). */
  execute(args: Args, context: ToolContext): Result | Promise<Result> {
    const cache = this.cache;
    if (cache === undefined) return this.run(args, context) as Result | Promise<Result>;
    return cache.call(this.name, args, context, this.run, this) as Result | Promise<Result>;
  }

  /** The same tool with some options changed (the schema work is done once, here, and shared). */
  with(options: ToolOptions & { strict?: boolean }): DefinedTool<Args, Result> {
    const definition: ToolDefinition<any, Result> = {
      name: this.name,
      description: this.description,
      parameters: this.input,
      jsonSchema: this.jsonSchema,
      strict: this.strict,
      instructions: this.instructions,
      timeoutMs: this.timeoutMs,
      requiresConfirmation: this.requiresConfirmation,
      maxResultChars: this.maxResultChars,
      cache: this.cache,
      execute: this.run as ToolDefinition<any, Result>['execute'],
    };
    for (const key of Object.keys(options) as (keyof typeof options)[]) {
      if (options[key] !== undefined) (definition as unknown as Record<string, unknown>)[key] = options[key];
    }
    const same = definition.strict === this.strict;
    return new DefinedTool<Args, Result>(definition, same ? (this.prepared ??= this.prepare()) : undefined);
  }

  private prepare(): PreparedParameters {
    return prepareParameters(this.name, this.input, this.jsonSchema, this.strict);
  }
}

/**
 * Defines a tool. The types of `execute`'s arguments come from `parameters`.
 *
 * ```ts
 * const weather = tool({
 *   name: 'weather',
 *   description: 'Current weather of a city',
 *   parameters: z.object({ city: z.string(), unit: z.enum(['C', 'F']).optional() }),
 *   execute: async ({ city, unit }) => ({ city, temperature: 21, unit: unit ?? 'C' }),
 * });
 * ```
 */
export function tool<S extends StandardSchemaV1 | undefined = undefined, R = unknown>(
  definition: ToolDefinition<S, R>,
): DefinedTool<ToolArgs<S>, R> {
  return new DefinedTool<ToolArgs<S>, R>(definition as ToolDefinition<any, R>);
}

/** Throws a {@link ConfigError} for option values that cannot work. */
export function checkOptions(name: string, options: ToolOptions): void {
  const { timeoutMs, maxResultChars } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs < 2 ** 31)) {
    throw new ConfigError(`tool "${name}": timeoutMs must be a positive number of milliseconds`);
  }
  if (maxResultChars !== undefined && !(Number.isInteger(maxResultChars) && maxResultChars > 0)) {
    throw new ConfigError(`tool "${name}": maxResultChars must be a positive integer`);
  }
}
