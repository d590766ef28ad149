/**
 * What the server suite serves, in its own process and in the server process it starts: the
 * agents on the scripted model, and the bare Hono handler the server is compared with.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import type { Hono as HonoApp } from '../../packages/server/node_modules/hono/dist/types/index.js';

/** The folder of @agno/server (its built dist and its node_modules). */
export const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'server');
/** Text deltas of the firehose run. */
export const DELTAS = 100_000;

/** The agent both sides run: a one-line answer on the scripted model. */
export function echoAgent(): Agent {
  return new Agent({ name: 'echo', model: new ScriptedModel({ respond: 'Paris.', record: false }) });
}

/** A run streaming {@link DELTAS} one-character deltas, and one that waits on its model for 10 minutes. */
export function streamAgents(): Agent[] {
  return [
    new Agent({
      name: 'firehose',
      model: new ScriptedModel({ respond: 'x'.repeat(DELTAS), chunkSize: 1, record: false }),
    }),
    new Agent({
      name: 'waiter',
      model: new ScriptedModel({ respond: { text: 'late', delayMs: 600_000 }, record: false }),
    }),
  ];
}

/**
 * A bare Hono app doing what the run route does at its simplest: parse the body, run the agent
 * with a run id, the user and the request's signal, answer the result's wire fields as JSON.
 */
export async function bareApp(agent: Agent): Promise<HonoApp> {
  const hono = pathToFileURL(join(serverDir, 'node_modules/hono/dist/index.js')).href;
  const { Hono } = (await import(hono)) as { Hono: typeof HonoApp };
  const app = new Hono();
  app.post('/agents/:name/runs', async (c) => {
    const body = (await c.req.json()) as { input: string; userId?: string };
    const r = await agent.run(body.input, {
      runId: crypto.randomUUID(),
      userId: body.userId,
      signal: c.req.raw.signal,
    });
    return c.json({
      runId: r.runId,
      sessionId: r.sessionId,
      status: r.status,
      text: r.text,
      output: r.output,
      toolCalls: r.toolCalls,
      usage: r.usage,
      timings: r.timings,
    });
  });
  return app;
}
