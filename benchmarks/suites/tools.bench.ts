/**
 * @agno/tools: defining tools, validating arguments, dispatching a call (the tool-level
 * steps of core's runner, and the marginal cost of one more call through a real agent),
 * cached-result hits, and an MCP call's round trip to a local stdio server.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, type Tool, type ToolContext } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { tool } from '@agno/tools';
import { MCPTools } from '@agno/tools/mcp';
import { bench, do_not_optimize } from 'mitata';
import { z } from 'zod';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

/** Targets (times in ns). */
export const budgets: Budgets = {
  'tools/define': {
    maxNs: 500,
    note: 'tool({ name, description, parameters: zod, execute }); JSON Schema deferred',
  },
  'tools/define+json-schema': {
    maxNs: 200_000,
    note: 'definition plus the first read of .parameters (zod conversion)',
  },
  'tools/validate': { maxNs: 150, note: "the tool's validator on { a, b } (zod)" },
  'tools/validate-optional-null': { maxNs: 400, note: 'an optional field sent as null: restore + zod' },
  'tools/dispatch': { maxNs: 300, note: 'lookup + validate + execute a no-op + serialise the result' },
  'tools/dispatch-in-agent': {
    maxNs: 1_500,
    note: 'one more tool call in a turn through Agent.run: (33 calls − 1 call) / 32',
  },
  'tools/cache-hit': { maxNs: 300, note: 'cached tool: canonical key + LRU hit' },
  'tools/mcp-roundtrip-stdio': { maxNs: 2_000_000, note: 'MCPTools call to a local stdio server (echo)' },
};

const here = dirname(fileURLToPath(import.meta.url));
const MCP_SERVER = join(here, '..', '..', 'packages', 'tools', 'src', 'fixtures', 'mcp-test-server.mjs');

const ctx: ToolContext = {
  signal: new AbortController().signal,
  runId: 'bench',
  toolCallId: 'call',
  sessionId: undefined,
  userId: undefined,
  agent: { name: 'bench' },
};

const addSchema = z.object({ a: z.number(), b: z.number() });
const optionalSchema = z.object({ q: z.string(), limit: z.number().optional(), lang: z.string().optional() });

/** Registers the tools benchmarks. */
export default async function register(_ctx: SuiteContext): Promise<() => Promise<void>> {
  // Definition (the schema work is deferred to the first read of .parameters).
  bench('tools/define', () =>
    do_not_optimize(
      tool({ name: 'add', description: 'Adds', parameters: addSchema, execute: ({ a, b }) => a + b }),
    ),
  );
  bench('tools/define+json-schema', () => {
    const t = tool({ name: 'add', description: 'Adds', parameters: addSchema, execute: ({ a, b }) => a + b });
    do_not_optimize(t.parameters);
  });

  // Validation.
  const add = tool({ name: 'add', description: 'Adds', parameters: addSchema, execute: ({ a, b }) => a + b });
  const optional = tool({
    name: 'find',
    description: 'Finds',
    parameters: optionalSchema,
    execute: ({ q }) => q,
  });
  const addValidate = add.schema!['~standard'].validate;
  const optionalValidate = optional.schema!['~standard'].validate;
  const args = { a: 1, b: 2 };
  const nullArgs = { q: 'x', limit: null, lang: 'en' };
  bench('tools/validate', () => do_not_optimize(addValidate(args)));
  bench('tools/validate-optional-null', () => do_not_optimize(optionalValidate(nullArgs)));

  // Dispatch: the tool-level steps of core's runner (lookup, validate, execute, serialise).
  const noop = tool({
    name: 'noop',
    description: 'Does nothing',
    parameters: addSchema,
    execute: () => ({ ok: true }),
  });
  const table = new Map<string, Tool>([
    ['add', add],
    ['noop', noop],
    ['find', optional],
  ]);
  bench('tools/dispatch', () => {
    const t = table.get('noop')!;
    const checked = t.schema!['~standard'].validate(args) as { value: unknown };
    const value = t.execute(checked.value, ctx);
    do_not_optimize(typeof value === 'string' ? value : JSON.stringify(value));
  });

  // The same through a real agent: the marginal cost of one more call in a turn.
  const agentWith = (calls: number) =>
    new Agent({
      tools: [noop],
      defaults: { maxRepeatedToolCalls: 0 },
      model: new ScriptedModel({
        turns: [{ toolCalls: Array.from({ length: calls }, () => ({ name: 'noop', args })) }, 'done'],
        record: false,
      }),
    });
  const one = agentWith(1);
  const many = agentWith(33);
  await one.run('warm up');
  await many.run('warm up');
  bench('tools/agent-1-call', async () => do_not_optimize(await one.run('go')));
  bench('tools/agent-33-calls', async () => do_not_optimize(await many.run('go')));
  figure('tools/dispatch-in-agent', (f) => {
    const a = f.stats('tools/agent-1-call');
    const b = f.stats('tools/agent-33-calls');
    return {
      value: (b.p50 - a.p50) / 32,
      unit: 'ns',
      samples: [(b.p25 - a.p75) / 32, (b.p75 - a.p25) / 32],
      note: '(median of a 33-call turn − median of a 1-call turn) / 32, loop detection off',
    };
  });

  // Cached results.
  const cached = tool({
    name: 'cached',
    description: 'Cached',
    parameters: addSchema,
    cache: true,
    execute: ({ a, b }) => ({ sum: a + b }),
  });
  await cached.execute(args, ctx);
  bench('tools/cache-hit', () => do_not_optimize(cached.execute(args, ctx)));

  // An MCP call's round trip to a local stdio server.
  const mcp = new MCPTools({
    server: { command: process.execPath, args: [MCP_SERVER, 'stdio'] },
    include: ['echo'],
  });
  const [echo] = await mcp.tools();
  const echoArgs = { text: 'hi' };
  await echo!.execute(echoArgs, ctx);
  bench('tools/mcp-roundtrip-stdio', async () => do_not_optimize(await echo!.execute(echoArgs, ctx)));

  return async () => {
    await mcp.close();
    await one.close();
    await many.close();
  };
}
