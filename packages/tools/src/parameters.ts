/**
 * From a tool's schema to what the model sees and what validation runs: the JSON Schema
 * (zod 4's own conversion through the Standard JSON Schema interface, or one given by
 * hand), its strict form when asked, and the validator with nulls of optional properties
 * mapped back. Computed once per tool, on first use.
 */
import { ConfigError, errorMessage, type JSONSchema, type StandardSchemaV1, toJSONSchema } from '@agno/core';
import { createNullRestorer, isNode, type NullRestorer, toStrictJSONSchema } from '@agno/core/utils';

/** What a tool derives from its schema. */
export interface PreparedParameters {
  /** The JSON Schema the model sees. */
  parameters: JSONSchema;
  /** The validator core runs (the user's schema, behind the null restorer when one is needed). */
  schema: StandardSchemaV1 | undefined;
}

/** JSON Schema of a tool without parameters. */
export const NO_PARAMETERS: JSONSchema = Object.freeze({
  type: 'object',
  properties: {},
  additionalProperties: false,
}) as JSONSchema;

/** The JSON Schema of `schema`, checked to be an object schema; throws a {@link ConfigError}. */
export function jsonSchemaOf(
  toolName: string,
  schema: StandardSchemaV1 | undefined,
  given?: JSONSchema,
): JSONSchema {
  let out: JSONSchema | undefined = given;
  if (out === undefined && schema !== undefined) {
    try {
      out = toJSONSchema(schema);
    } catch (error) {
      throw new ConfigError(
        `the parameters of tool "${toolName}" cannot be expressed as JSON Schema: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    if (out === undefined) {
      throw new ConfigError(
        `the schema of tool "${toolName}" (${schema['~standard'].vendor}) has no JSON Schema conversion; pass \`jsonSchema\``,
      );
    }
  }
  if (out === undefined) return NO_PARAMETERS;
  if (!isNode(out) || out.type !== 'object') {
    throw new ConfigError(
      `the parameters of tool "${toolName}" must be an object schema (type "object" at the top, as model providers require); got ${JSON.stringify(out.type ?? Object.keys(out))}`,
    );
  }
  if ('$schema' in out) {
    out = { ...out };
    delete out.$schema;
  }
  return out;
}

/** Builds the {@link PreparedParameters} of a tool. */
export function prepareParameters(
  toolName: string,
  schema: StandardSchemaV1 | undefined,
  given: JSONSchema | undefined,
  strict: boolean | undefined,
): PreparedParameters {
  const plain = jsonSchemaOf(toolName, schema, given);
  let parameters = plain;
  if (strict === true) {
    try {
      parameters = toStrictJSONSchema(plain);
    } catch (error) {
      throw new ConfigError(`tool "${toolName}" asks for strict mode, but ${errorMessage(error)}`, {
        cause: error,
        details: (error as ConfigError).details,
      });
    }
  }
  const restorer = createNullRestorer(plain);
  return { parameters, schema: withRestorer(schema, restorer) };
}

/**
 * A Standard Schema that restores nulls before the inner schema validates; the inner schema
 * itself when there is nothing to restore; a restore-only schema when there is no inner one.
 */
export function withRestorer(
  inner: StandardSchemaV1 | undefined,
  restorer: NullRestorer | undefined,
): StandardSchemaV1 | undefined {
  if (restorer === undefined) return inner;
  return new RestoringSchema(inner, restorer);
}

class RestoringSchema implements StandardSchemaV1 {
  readonly '~standard': StandardSchemaV1.Props;
  constructor(inner: StandardSchemaV1 | undefined, restorer: NullRestorer) {
    const validate = inner?.['~standard'].validate;
    this['~standard'] = {
      version: 1,
      vendor: inner === undefined ? 'agno' : `agno+${inner['~standard'].vendor}`,
      validate: validate === undefined ? (v) => ({ value: restorer(v) }) : (v) => validate(restorer(v)),
    };
  }
}
