/**
 * `/openapi.json` against the server that serves it: a valid OpenAPI 3.1 document (checked
 * structurally: no official 3.1 schema is available offline), every route of the app in it and
 * nothing else, security as the auth middleware applies it, and its schemas the ones the routes
 * check with (a body or query the document rejects is rejected with 400; the answers the routes
 * give match the document's response schemas).
 */
import { Agent } from '@agno/core';
import { InMemoryStore } from '@agno/memory';
import { ScriptedModel } from '@agno/models-mock';
import { step, Team, Workflow } from '@agno/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from './auth/api-keys.js';
import { echoAgent, gatedTool, start } from './fixtures/apps.js';

type Json = any;

/** Problems of `value` against a JSON Schema (the 2020-12 subset zod emits); empty when it is valid. */
function validate(schema: Json, value: unknown, at = '$'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${at}: nothing is allowed`];
  if (schema.$ref !== undefined) throw new Error(`unexpected $ref ${schema.$ref}`);
  const out: string[] = [];
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const types: string[] | undefined = schema.type === undefined ? undefined : [schema.type].flat();
  const typeOk = (t: string) =>
    t === type || (t === 'integer' && Number.isInteger(value)) || (t === 'number' && type === 'number');
  if (types !== undefined && !types.some(typeOk)) return [`${at}: not ${types.join('|')}`];
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value))
    out.push(`${at}: not the const`);
  if (
    schema.enum !== undefined &&
    !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))
  )
    out.push(`${at}: not in enum`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above maximum`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      out.push(`${at}: not above exclusiveMinimum`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      out.push(`${at}: not below exclusiveMaximum`);
  }
  if (typeof value === 'string') {
    const n = [...value].length;
    if (schema.minLength !== undefined && n < schema.minLength) out.push(`${at}: too short`);
    if (schema.maxLength !== undefined && n > schema.maxLength) out.push(`${at}: too long`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: too few items`);
    for (const [i, v] of value.entries()) out.push(...validate(schema.items, v, `${at}[${i}]`));
  }
  if (type === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(obj)) {
      const own = schema.properties?.[k];
      out.push(...validate(own ?? schema.additionalProperties ?? true, v, `${at}.${k}`));
    }
  }
  if (schema.anyOf !== undefined && !schema.anyOf.some((s: Json) => validate(s, value).length === 0))
    out.push(`${at}: no anyOf branch`);
  if (
    schema.oneOf !== undefined &&
    schema.oneOf.filter((s: Json) => validate(s, value).length === 0).length !== 1
  )
    out.push(`${at}: not oneOf`);
  for (const s of schema.allOf ?? []) out.push(...validate(s, value, at));
  return out;
}

/** Structural problems of an OpenAPI 3.1 document (the rules of the specification this server can break). */
function oasProblems(doc: Json): string[] {
  const out: string[] = [];
  if (!/^3\.1\.\d+$/.test(doc.openapi)) out.push('openapi is not 3.1.x');
  if (typeof doc.info?.title !== 'string' || typeof doc.info?.version !== 'string')
    out.push('info needs title and version');
  const schemes = Object.keys(doc.components?.securitySchemes ?? {});
  const checkSecurity = (where: string, sec: Json) => {
    if (sec === undefined) return;
    if (!Array.isArray(sec)) out.push(`${where}: security is not an array`);
    for (const req of sec ?? [])
      for (const name of Object.keys(req))
        if (!schemes.includes(name)) out.push(`${where}: unknown scheme ${name}`);
  };
  checkSecurity('root', doc.security);
  const ids = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    if (!path.startsWith('/')) out.push(`${path}: does not start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries<Json>(item)) {
      const where = `${method} ${path}`;
      if (!['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method))
        out.push(`${where}: bad method`);
      if (op.operationId !== undefined) {
        if (ids.has(op.operationId)) out.push(`${where}: duplicate operationId`);
        ids.add(op.operationId);
      }
      const params: Json[] = op.parameters ?? [];
      const keys = params.map((p) => `${p.in}:${p.name}`);
      if (new Set(keys).size !== keys.length) out.push(`${where}: duplicate parameters`);
      for (const p of params) {
        if (!['query', 'header', 'path', 'cookie'].includes(p.in))
          out.push(`${where}: parameter ${p.name} has bad in`);
        if (p.in === 'path' && (p.required !== true || !templated.includes(p.name)))
          out.push(`${where}: path parameter ${p.name}`);
        if (p.schema === undefined) out.push(`${where}: parameter ${p.name} has no schema`);
      }
      for (const name of templated)
        if (!keys.includes(`path:${name}`)) out.push(`${where}: {${name}} is not declared`);
      if (op.requestBody !== undefined && op.requestBody.content?.['application/json']?.schema === undefined)
        out.push(`${where}: body without schema`);
      const responses = Object.entries<Json>(op.responses ?? {});
      if (responses.length === 0) out.push(`${where}: no responses`);
      for (const [status, res] of responses) {
        if (!/^[1-5]\d\d$|^[1-5]XX$|^default$/.test(status)) out.push(`${where}: bad status ${status}`);
        if (typeof res.description !== 'string') out.push(`${where} ${status}: no description`);
        for (const [type, media] of Object.entries<Json>(res.content ?? {}))
          if (media.schema === undefined) out.push(`${where} ${status} ${type}: no schema`);
      }
      checkSecurity(where, op.security);
    }
  }
  if (JSON.stringify(doc).includes('"$ref"')) out.push('$ref found (none should be needed)');
  return out;
}

const KEY = 'key-of-ada-0123456789';
const RUN = 'no-such-run';
let open: Awaited<ReturnType<typeof start>>;
let secured: Awaited<ReturnType<typeof start>>;
let doc: Json;
let securedDoc: Json;

function apps(): Parameters<typeof start>[0] {
  const store = new InMemoryStore();
  const mailer = new Agent({
    name: 'mailer',
    store,
    tools: [gatedTool({ runs: 0 })],
    model: new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'send_email', args: { to: 'a@example.com' } }] }, 'Sent.'],
    }),
  });
  const chat = echoAgent('chat', 'Noted.', { store });
  const team = new Team({
    name: 'desk',
    mode: 'route',
    leader: echoAgent('lead', 'chat'),
    members: [echoAgent('chat', 'Hi.')],
  });
  const flow = new Workflow({ name: 'flow', steps: [step('one', () => 'done')] });
  return { agents: [mailer, chat], teams: [team as never], workflows: [flow as never], store };
}

beforeAll(async () => {
  open = await start(apps());
  secured = await start({ ...apps(), auth: { schemes: [apiKeys({ [KEY]: 'ada' })] } });
  doc = await (await fetch(`${open.url}/openapi.json`)).json();
  securedDoc = await (await fetch(`${secured.url}/openapi.json`, { headers: { 'x-api-key': KEY } })).json();
});
afterAll(async () => {
  await Promise.all([open.http.close({ timeoutMs: 1000 }), secured.http.close({ timeoutMs: 1000 })]);
});

/** Every operation of a document: method, Hono path, and the operation. */
function operations(d: Json): Array<{ method: string; path: string; op: Json }> {
  return Object.entries<Json>(d.paths).flatMap(([path, item]) =>
    Object.entries<Json>(item).map(([method, op]) => ({
      method,
      path: path.replace(/\{(\w+)\}/g, ':$1'),
      op,
    })),
  );
}

/** A URL for a Hono path on `base`, its parameters filled with the names this server serves. */
function urlOf(base: string, path: string): string {
  return (
    base +
    path
      .replace(
        ':name',
        path.startsWith('/teams') ? 'desk' : path.startsWith('/workflows') ? 'flow' : 'mailer',
      )
      .replace(/:(\w+)/g, RUN)
  );
}

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, with and without auth', () => {
    expect(oasProblems(doc)).toEqual([]);
    expect(oasProblems(securedDoc)).toEqual([]);
    expect(doc.info).toEqual({ title: 'agno-ts server', version: '1.0.0' });
  });

  it('describes every route the app serves, and only those', () => {
    for (const s of [open, secured]) {
      const served = s.server.app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path}`);
      const documented = operations(s === open ? doc : securedDoc).map((o) => `${o.method} ${o.path}`);
      expect(new Set(served).size).toBe(served.length);
      expect([...documented].sort()).toEqual([...served].sort());
    }
    expect(operations(doc).length).toBeGreaterThanOrEqual(24);
  });

  it('gives every route its error responses, and security exactly as the auth middleware applies it', async () => {
    for (const { method, path, op } of operations(securedDoc)) {
      for (const status of ['400', '404', '413']) {
        expect(
          op.responses[status]?.content['application/json'].schema.properties.error,
          `${method} ${path} ${status}`,
        ).toBeDefined();
      }
      const res = await fetch(urlOf(secured.url, path), { method: method.toUpperCase() });
      await res.body?.cancel();
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      expect(res.status === 401, `${method} ${path} without credentials`).toBe(!isPublic);
      expect(op.responses['401'] === undefined, `${method} ${path} documents 401`).toBe(isPublic);
    }
    expect(securedDoc.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(doc.security).toBeUndefined();
    expect(operations(doc).every(({ op }) => op.responses['401'] === undefined)).toBe(true);
  });

  it('rejects with 400 every body the document’s schema rejects, and accepts the valid one', async () => {
    const bases: Record<string, unknown> = {
      runs: { input: 'hi' },
      continue: { decisions: {} },
      resume: { answers: {} },
    };
    let tried = 0;
    for (const { method, path, op } of operations(doc)) {
      const schema = op.requestBody?.content['application/json'].schema;
      if (schema === undefined) continue;
      const base = bases[path.split('/').at(-1)!];
      expect(validate(schema, base), path).toEqual([]);
      const send = (body: unknown) =>
        fetch(urlOf(open.url, path), {
          method: method.toUpperCase(),
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const ok = await send(base);
      await ok.body?.cancel();
      expect(ok.status, `${path} with a valid body`).not.toBe(400);
      for (const { why, body } of violations(schema, base)) {
        expect(validate(schema, body), `${path}: ${why}`).not.toEqual([]);
        const res = await send(body);
        expect(res.status, `${path}: ${why}`).toBe(400);
        expect((await res.json()).error.code).toBe('validation_error');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(60);
  });

  it('rejects with 400 every query the document’s parameters reject', async () => {
    let tried = 0;
    for (const { method, path, op } of operations(doc)) {
      for (const p of (op.parameters as Json[]).filter((x) => x.in === 'query')) {
        for (const bad of ['0', '-1', '1.5', 'abc', '501', '9007199254740993']) {
          if (validate(p.schema, Number.isNaN(Number(bad)) ? bad : Number(bad)).length === 0) continue;
          const res = await fetch(`${urlOf(open.url, path)}?${p.name}=${bad}`, {
            method: method.toUpperCase(),
            headers: { 'x-user-id': 'ada' },
          });
          expect(res.status, `${path}?${p.name}=${bad}`).toBe(400);
          await res.body?.cancel();
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(10);
  });

  it('answers as its response schemas say: results, paused results, run info, lists, sessions, errors', async () => {
    const responseSchema = (method: string, path: string, status: string) =>
      operations(doc).find((o) => o.method === method && o.path === path)!.op.responses[status].content[
        'application/json'
      ].schema;
    const post = (path: string, body: unknown) =>
      fetch(`${open.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': 'ada' },
        body: JSON.stringify(body),
      });
    const runSchema = responseSchema('post', '/agents/:name/runs', '200');
    const completed = await (await post('/agents/chat/runs', { input: 'hi', sessionId: 's1' })).json();
    expect(validate(runSchema, completed)).toEqual([]);
    const paused = await (await post('/agents/mailer/runs', { input: 'mail' })).json();
    expect(paused.status).toBe('paused');
    expect(validate(runSchema, paused)).toEqual([]);
    const info = await (await fetch(`${open.url}/runs/${completed.runId}`)).json();
    expect(validate(responseSchema('get', '/runs/:runId', '200'), info)).toEqual([]);
    const agents = await (await fetch(`${open.url}/agents`)).json();
    expect(validate(responseSchema('get', '/agents', '200'), agents)).toEqual([]);
    const sessions = await (await fetch(`${open.url}/sessions`, { headers: { 'x-user-id': 'ada' } })).json();
    expect(sessions.length).toBe(1);
    expect(validate(responseSchema('get', '/sessions', '200'), sessions)).toEqual([]);
    const session = await (await fetch(`${open.url}/sessions/s1`)).json();
    expect(validate(responseSchema('get', '/sessions/:sessionId', '200'), session)).toEqual([]);
    const missing = await post('/agents/nobody/runs', { input: 'x' });
    expect(validate(responseSchema('post', '/agents/:name/runs', '404'), await missing.json())).toEqual([]);
    const invalid = await post('/agents/chat/runs', { input: 'x', extra: 1 });
    expect(validate(responseSchema('post', '/agents/:name/runs', '400'), await invalid.json())).toEqual([]);
  });
});

/** Bodies that break `schema` in one place each, made from the valid `base`. */
function violations(schema: Json, base: Json, at: string[] = []): Array<{ why: string; body: Json }> {
  const out: Array<{ why: string; body: Json }> = [];
  const put = (path: string[], value: unknown): Json => {
    if (path.length === 0) return value;
    const [head, ...rest] = path;
    return { ...base, [head!]: rest.length === 0 ? value : putIn(base[head!] ?? {}, rest, value) };
  };
  if (schema.additionalProperties === false)
    out.push({ why: `${at.join('.')} unknown field`, body: put([], { ...base, unknownField: 1 }) });
  for (const r of schema.required ?? []) {
    const { [r]: _, ...rest } = base;
    out.push({ why: `${[...at, r].join('.')} missing`, body: rest });
  }
  for (const [name, prop] of Object.entries<Json>(schema.properties ?? {})) {
    for (const value of badValues(prop))
      out.push({
        why: `${[...at, name].join('.')} = ${JSON.stringify(value).slice(0, 40)}`,
        body: { ...base, [name]: value },
      });
    if (prop.type === 'object' && prop.properties !== undefined) {
      for (const v of violations(prop, {}, [...at, name]))
        out.push({ why: v.why, body: { ...base, [name]: v.body } });
    }
  }
  return out;
}

function putIn(obj: Json, path: string[], value: unknown): Json {
  const [head, ...rest] = path;
  return { ...obj, [head!]: rest.length === 0 ? value : putIn(obj[head!] ?? {}, rest, value) };
}

/** Values `schema` rejects: wrong types, out of range, too long, records with a bad entry. */
function badValues(schema: Json): unknown[] {
  const pool: unknown[] = [null, true, 42, 1.5, -1, 0, 'x', '', [], { k: 42 }, { k: { approved: 'yes' } }];
  if (schema.maxLength !== undefined) pool.push('x'.repeat(schema.maxLength + 1));
  if (schema.minimum !== undefined) pool.push(schema.minimum - 1);
  if (schema.maximum !== undefined) pool.push(schema.maximum + 2);
  if (schema.exclusiveMinimum !== undefined) pool.push(schema.exclusiveMinimum);
  return pool.filter((v) => validate(schema, v).length > 0).slice(0, 3);
}
