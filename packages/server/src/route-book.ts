/**
 * The server's routes as data: each one is registered on the Hono app and described once, with the
 * zod schemas that check its input, so `/openapi.json` always says what the routes do.
 */
import { ValidationError } from '@agno/core';
import type { Context } from 'hono';
import { z } from 'zod';
import { HttpError } from './http-errors.js';
import { ErrorBodySchema } from './schemas.js';

/** One documented route. */
export interface RouteDoc {
  method: 'get' | 'post' | 'delete' | 'put' | 'patch';
  /** Hono path syntax (`/agents/:name/runs`). */
  path: string;
  summary: string;
  tags: string[];
  body?: z.ZodType;
  query?: z.ZodType;
  /** Success responses: status → description, schema, and whether it may answer as SSE. */
  responses: Record<number, { description: string; schema?: z.ZodType; sse?: boolean }>;
  /** Served without credentials. */
  public?: boolean;
}

/** A request body over `limit` bytes is a 413. */
export function checkSize(text: string, limit: number): void {
  // A character is 1 to 3 UTF-8 bytes: encode only when the length alone cannot decide.
  if (text.length <= limit && (text.length * 3 <= limit || new TextEncoder().encode(text).length <= limit))
    return;
  throw new HttpError('payload_too_large', 'the request body is over the size limit', 413);
}

/**
 * Reads and checks a JSON body: over `limit` bytes is a 413; malformed JSON or a body failing
 * `schema` is a `ValidationError`.
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  limit: number,
): Promise<z.output<S>> {
  const text = await c.req.text();
  checkSize(text, limit);
  let raw: unknown;
  try {
    raw = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ValidationError('the request body is not valid JSON');
  }
  return check(schema, raw, 'body');
}

/** A path parameter of the matched route. */
export function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}

/** Reads and checks the query string. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.query(), 'query');
}

/** Checks `value` with `schema`; the error names the first failing field. */
export function check<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
  throw new ValidationError(`${field}: ${issue.message}`, [`${field}: ${issue.message}`], {
    details: { field },
  });
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Malformed JSON or a field that fails its schema',
  '401': 'Missing or invalid credentials',
  '404': 'Unknown agent, run, session or memory (or one of another user)',
  '413': 'Body over the size limit',
  '429': 'Too many requests in flight for this caller',
};

/** The OpenAPI 3.1 document of `routes`. */
export function openAPIDocument(
  routes: readonly RouteDoc[],
  info: { title: string; version: string; description?: string },
  options: { basePath: string; secured: boolean },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = jsonSchema(ErrorBodySchema, 'output');
  for (const r of routes) {
    const path = (options.basePath + r.path).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query: unknown[] = [];
    if (r.query !== undefined) {
      const qs = jsonSchema(r.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(qs.properties ?? {})) {
        query.push({ name, in: 'query', required: qs.required?.includes(name) ?? false, schema });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      const content: Record<string, unknown> = {};
      if (res.schema !== undefined)
        content['application/json'] = { schema: jsonSchema(res.schema, 'output') };
      if (res.sse) content['text/event-stream'] = { schema: { type: 'string' } };
      responses[status] =
        Object.keys(content).length > 0
          ? { description: res.description, content }
          : { description: res.description };
    }
    for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
      if (status === '401' && (r.public || !options.secured)) continue;
      responses[status] = { description, content: { 'application/json': { schema: errorSchema } } };
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method}${r.path.replace(/[:/{}-]+(\w)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      parameters: [...params, ...query],
      responses,
    };
    if (r.body !== undefined) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
      };
    }
    if (r.public && options.secured) op.security = [];
    (paths[path] ??= {})[r.method] = op;
  }
  const doc: Record<string, unknown> = { openapi: '3.1.0', info, paths };
  if (options.secured) {
    doc.components = {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    };
    doc.security = [{ bearer: [] }, { apiKey: [] }];
  }
  return doc;
}
