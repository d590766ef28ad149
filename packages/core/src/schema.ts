/**
 * Schemas: JSON Schema for what the model sees, Standard Schema for validation.
 * Any Standard Schema library works (zod, valibot, arktype); one that also
 * implements Standard JSON Schema (zod 4 does) gives its JSON Schema for free.
 */
import { ValidationError } from './errors.js';

/** A JSON Schema document (kept loose on purpose: providers accept different dialects). */
export type JSONSchema = Record<string, unknown>;

/** The Standard Schema v1 interface (https://standardschema.dev), copied as types only. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

/** Types of the Standard Schema v1 interface. */
export declare namespace StandardSchemaV1 {
  /** The properties every Standard Schema exposes. */
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
    /** Present when the library also implements Standard JSON Schema. */
    readonly jsonSchema?: {
      readonly input: (options: { readonly target: string }) => Record<string, unknown>;
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
  }
  /** The result of a validation. */
  type Result<Output> = SuccessResult<Output> | FailureResult;
  /** A successful validation. */
  interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  /** A failed validation. */
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  /** One validation problem. */
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
  /** Input and output types carried by a schema. */
  interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  /** The output type of a schema. */
  type InferOutput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['output'];
  /** The input type of a schema. */
  type InferInput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['input'];
}

/** True when `value` implements Standard Schema. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return typeof value === 'object' && value !== null && '~standard' in value;
}

/**
 * The JSON Schema of a Standard Schema that implements Standard JSON Schema (zod 4, arktype),
 * or `undefined` when the library offers none.
 */
export function toJSONSchema(schema: StandardSchemaV1): JSONSchema | undefined {
  const converter = schema['~standard'].jsonSchema;
  if (converter === undefined) return undefined;
  const out = { ...converter.input({ target: 'draft-07' }) };
  delete out.$schema;
  return out;
}

/** Formats Standard Schema issues as `path: message` lines. */
export function formatIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    let path = '';
    if (issue.path && issue.path.length > 0) {
      path = issue.path
        .map((p) => (typeof p === 'object' && p !== null ? String(p.key) : String(p)))
        .join('.');
    }
    out.push(path ? `${path}: ${issue.message}` : issue.message);
  }
  return out;
}

/**
 * Validates `value` with a Standard Schema; returns the parsed value or throws a
 * {@link ValidationError} listing every issue.
 */
export async function validateWith<T>(schema: StandardSchemaV1<unknown, T>, value: unknown): Promise<T> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues !== undefined) {
    const issues = formatIssues(result.issues);
    throw new ValidationError(`invalid input: ${issues.join('; ')}`, issues);
  }
  return result.value;
}
