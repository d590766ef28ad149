/**
 * One Ajv instance for the package, and JSON Schema validators as Standard Schemas (so that a
 * run's `outputSchema` can validate with them).
 */
import type { JSONSchema, StandardSchemaV1 } from '@agno/core';
import { Ajv, type ValidateFunction } from 'ajv';

let ajv: Ajv | undefined;

/** Compiles a JSON Schema (Ajv, all errors, no strict-mode warnings for unknown keywords). */
export function compileSchema(schema: JSONSchema): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema as object);
}

/** The errors of the last validation, one line each (`/path: message`). */
export function schemaIssues(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}`);
}

/** A Standard Schema that validates with a compiled JSON Schema. */
export function standardSchemaOf<T>(schema: JSONSchema): StandardSchemaV1<unknown, T> {
  const validate = compileSchema(schema);
  return {
    '~standard': {
      version: 1,
      vendor: 'agno-evals',
      validate(value: unknown) {
        if (validate(value)) return { value: value as T };
        return { issues: schemaIssues(validate).map((message) => ({ message })) };
      },
    },
  } as StandardSchemaV1<unknown, T>;
}
