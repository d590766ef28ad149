/** The client's teams and workflows against the real server: run, stream, resume, stored runs. */
import { Agent, InMemorySessionStore } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { step, Team, Workflow } from '@agno/workflow';
import { afterEach, describe, expect, it } from 'vitest';
import { echoAgent, start } from '../fixtures/apps.js';
import { createClient, isServerError, type StreamEvent, type WireWorkflowEvent } from './index.js';

const servers: Array<Awaited<ReturnType<typeof start>>> = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => s.http.close({ timeoutMs: 1000 }))));

async function serveFlows() {
  const store = new InMemorySessionStore();
  let charges = 0;
  const order = new Workflow({
    name: 'order',
    store,
    steps: [
      step('approve', (ctx) => ctx.askForInput<boolean>({ prompt: 'Approve?' })),
      step('charge', (ctx) => (ctx.previous === true ? `charged #${++charges}` : 'declined')),
    ],
  });
  const support = new Team({
    name: 'support',
    mode: 'route',
    leader: new Agent({ name: 'lead', model: new ScriptedModel({ turns: ['billing'] }) }),
    members: [
      new Agent({
        name: 'billing',
        description: 'invoices',
        model: new ScriptedModel({ chunkSize: 3, turns: ['Refund issued.'] }),
      }),
      echoAgent('tech', 'Restarted.', { description: 'outages' }),
    ],
  });
  const s = await start({ workflows: [order as never], teams: [support as never], store: store as never });
  servers.push(s);
  return { ...s, charges: () => charges };
}

describe('the client: teams and workflows', () => {
  it('runs a workflow that pauses, reads the stored run, resumes it once', async () => {
    const s = await serveFlows();
    const client = createClient({ baseUrl: s.url });
    expect(await client.list('workflows')).toEqual([{ name: 'order' }]);
    const paused = await client.workflows.run('order', null);
    expect(paused).toMatchObject({ status: 'paused', pauses: [{ id: 'approve', kind: 'input' }] });
    const stored = await client.workflows.getRun('order', paused.runId);
    expect(stored).toMatchObject({ runId: paused.runId, status: 'paused' });
    const done = await client.workflows.resume('order', paused.runId, { approve: true });
    expect(done).toMatchObject({ status: 'completed', output: 'charged #1' });
    const again = await client.workflows
      .resume('order', paused.runId, { approve: true })
      .catch((e: unknown) => e);
    expect(isServerError(again)).toBe(true);
    expect(s.charges()).toBe(1);
    expect(await client.workflows.getRun('order', 'nope').catch((e: unknown) => e)).toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });

  it('streams a workflow and its resumption: typed step events, then done; result resolves', async () => {
    const s = await serveFlows();
    const client = createClient({ baseUrl: s.url });
    const first = await client.workflows.stream('order', null);
    const types: string[] = [];
    for await (const e of first) types.push(e.type);
    expect(types).toEqual(['workflow-started', 'step-started', 'step-paused', 'workflow-paused', 'done']);
    const paused = await first.result;
    expect(paused.status).toBe('paused');
    const rest = await client.workflows.resumeStream('order', first.runId, { approve: false });
    const events: StreamEvent<WireWorkflowEvent>[] = [];
    for await (const e of rest) events.push(e);
    expect(events[0]).toMatchObject({ type: 'workflow-started', resumed: true });
    expect(events.find((e) => e.type === 'step-completed' && e.path === 'charge')).toMatchObject({
      output: 'declined',
    });
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    expect(await rest.result).toMatchObject({ status: 'completed', output: 'declined' });
  });

  it('runs and streams a team: the member’s events arrive tagged with its name', async () => {
    const s = await serveFlows();
    const client = createClient({ baseUrl: s.url });
    expect(await client.list('teams')).toEqual([{ name: 'support' }]);
    const answer = await client.teams.run('support', 'I was charged twice');
    expect(answer).toMatchObject({ status: 'completed', text: 'Refund issued.' });
    const stream = await client.teams.stream('support', 'I was charged twice');
    let text = '';
    for await (const e of stream) {
      if (e.type === 'agent-event' && e.agent === 'billing' && e.event.type === 'text-delta')
        text += e.event.text;
    }
    expect(text).toBe('Refund issued.');
    expect(await stream.result).toMatchObject({ status: 'completed', text: 'Refund issued.' });
    const info = await client.runs.get(stream.runId);
    expect(info).toMatchObject({ kind: 'team', name: 'support', status: 'completed' });
  });
});
