/** The step graph of workflows and teams, and a session's state, through the typed client. */
import { Agent, InMemorySessionStore } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { condition, dag, loop, parallel, step, Team, Workflow } from '@agno/workflow';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, isServerError } from '../client/index.js';
import { echoAgent, start } from '../fixtures/apps.js';

const servers: Array<Awaited<ReturnType<typeof start>>> = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => s.http.close({ timeoutMs: 1000 }))));

const noop = () => 'ok';

describe('GET /workflows/:name/graph and /teams/:name/graph', () => {
  it('describes the steps with the paths their events carry', async () => {
    const writer = echoAgent('writer', 'Draft.');
    const flow = new Workflow({
      name: 'publish',
      description: 'Writes and publishes',
      steps: [
        step('fetch', noop, { description: 'Reads the brief' }),
        parallel('drafts', [writer, step('outline', noop)]),
        dag('checks', [
          { step: step('spell', noop) },
          { step: step('facts', noop) },
          { step: step('sign', noop), dependsOn: ['spell', 'facts'] },
        ]),
        condition('ready', { when: () => true, run: step('ship', noop), otherwise: step('hold', noop) }),
        loop('polish', { steps: [step('edit', noop)], until: () => true, maxIterations: 2 }),
      ],
    });
    const team = new Team({
      name: 'desk',
      mode: 'route',
      leader: echoAgent('lead', 'tech'),
      members: [echoAgent('tech', 'Restarted.'), echoAgent('billing', 'Refunded.')],
    });
    const s = await start({ workflows: [flow as never], teams: [team as never] });
    servers.push(s);
    const client = createClient({ baseUrl: s.url });

    const graph = await client.workflows.graph('publish');
    expect(graph).toMatchObject({ name: 'publish', kind: 'workflow', description: 'Writes and publishes' });
    expect(graph.steps.map((n) => [n.path, n.kind])).toEqual([
      ['fetch', 'function'],
      ['drafts', 'parallel'],
      ['checks', 'dag'],
      ['ready', 'condition'],
      ['polish', 'loop'],
    ]);
    expect(graph.steps[0]!.description).toBe('Reads the brief');
    expect(graph.steps[1]!.children!.map((n) => [n.path, n.kind])).toEqual([
      ['drafts/writer', 'agent'],
      ['drafts/outline', 'function'],
    ]);
    expect(graph.steps[2]!.children!.map((n) => [n.name, n.after])).toEqual([
      ['spell', undefined],
      ['facts', undefined],
      ['sign', ['spell', 'facts']],
    ]);
    expect(graph.steps[3]!.children!.map((n) => [n.path, n.branch])).toEqual([
      ['ready/ship', 'true'],
      ['ready/hold', 'false'],
    ]);

    // The paths are those of the run's step events.
    const stream = await client.workflows.stream('publish', 'go');
    const started = new Set<string>();
    for await (const e of stream) if (e.type === 'step-started') started.add(e.path.replace(/\[\d+\]/g, ''));
    const all = (nodes: typeof graph.steps): string[] =>
      nodes.flatMap((n) => [n.path, ...all(n.children ?? [])]);
    for (const path of started) expect(all(graph.steps)).toContain(path);
    expect(started.has('checks/sign')).toBe(true);

    const desk = await client.teams.graph('desk');
    expect(desk.kind).toBe('team');
    expect(desk.steps[0]).toMatchObject({ kind: 'router', path: 'route' });
    expect(desk.steps[0]!.children!.map((n) => n.path)).toEqual(['route/tech', 'route/billing']);

    const missing = await client.workflows.graph('nope').catch((e: unknown) => e);
    expect(isServerError(missing, 'not_found')).toBe(true);
  });
});

describe('GET /sessions/:id/state', () => {
  it('answers the session state a run wrote, for its owner only', async () => {
    const store = new InMemorySessionStore();
    const counter = new Agent({
      name: 'counter',
      store,
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'count', args: {} }] }, 'Counted.'] }),
      tools: [
        {
          name: 'count',
          description: 'Counts',
          parameters: { type: 'object', properties: {} },
          execute: async (_args, ctx) => {
            await ctx.state!.update((state) => ({ ...state, count: Number(state.count ?? 0) + 1 }));
            return 'ok';
          },
        },
      ],
    });
    const s = await start({ agents: [counter], store: store as never });
    servers.push(s);
    const ann = createClient({ baseUrl: s.url, userId: 'ann' });
    await ann.agents.run('counter', 'count', { sessionId: 's1' });
    expect(await ann.sessions.state('s1')).toMatchObject({ state: { count: 1 } });
    await ann.agents.run('counter', 'again', { sessionId: 's1' });
    expect((await ann.sessions.state('s1')).state).toEqual({ count: 2 });
    const bob = createClient({ baseUrl: s.url, userId: 'bob' });
    const refused = await bob.sessions.state('s1').catch((e: unknown) => e);
    expect(isServerError(refused, 'not_found')).toBe(true);
  });
});
