import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Agent,
  InMemorySessionStore,
  type Model,
  type PausedRun,
  RUN_STATE_VERSION,
  RunState,
  type Tool,
  ValidationError,
} from './index.js';

/** A paused run as agno wrote it before paused runs were versioned (captured from that build). */
const V0: PausedRun = JSON.parse(
  readFileSync(new URL('./fixtures/paused-run-v0.json', import.meta.url), 'utf8'),
);

function filesAgent(store?: InMemorySessionStore) {
  const deleted: string[] = [];
  const model: Model = {
    provider: 'fixture',
    modelId: 'f',
    generate: async (req) => ({
      text: `done after ${req.messages.filter((m) => m.role === 'tool').length} tool results`,
      finishReason: 'stop',
    }),
    stream: async function* () {},
  };
  const tools: Tool[] = [
    { name: 'list_files', description: 'lists', parameters: { type: 'object' }, execute: () => ['a.txt'] },
    {
      name: 'delete_file',
      description: 'deletes',
      parameters: { type: 'object', properties: { path: { type: 'string' } } },
      requiresConfirmation: true,
      execute: (args) => {
        deleted.push((args as { path: string }).path);
        return 'deleted';
      },
    },
  ];
  return { agent: new Agent({ name: 'files', model, tools, store }), deleted };
}

describe('RunState: the versioned form of a paused run', () => {
  it('a paused run stored in the format before versioning still loads from a store and continues once', async () => {
    expect(V0.schemaVersion).toBeUndefined();
    const store = new InMemorySessionStore();
    await store.savePausedRun(V0);
    const { agent, deleted } = filesAgent(store);
    const result = await agent.continueRun('run-v0', { call_2: { approved: true } });
    expect(result.status).toBe('completed');
    expect(deleted).toEqual(['a.txt']);
    expect(result.text).toBe('done after 2 tool results');
    await expect(agent.continueRun('run-v0', { call_2: { approved: true } })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('migrates without changing the value given, and writes the current version', () => {
    const before = structuredClone(V0);
    const state = RunState.fromJSON(V0).toJSON();
    expect(V0).toEqual(before);
    expect(state.schemaVersion).toBe(RUN_STATE_VERSION);
    expect({ ...state, schemaVersion: undefined }).toEqual({ ...V0, schemaVersion: undefined });
    expect(RunState.fromJSON(JSON.stringify(state)).toJSON()).toEqual(state);
  });

  it('a run paused today carries its version and round-trips through JSON', async () => {
    let turn = 0;
    const model: Model = {
      provider: 'fixture',
      modelId: 'f',
      generate: async () =>
        turn++ === 0
          ? {
              text: '',
              finishReason: 'tool_calls',
              toolCalls: [{ id: 'd', name: 'delete_file', args: { path: 'b' } }],
            }
          : { text: 'ok', finishReason: 'stop' },
      stream: async function* () {},
    };
    const deleted: string[] = [];
    const gated = new Agent({
      model,
      tools: [
        {
          name: 'delete_file',
          description: 'deletes',
          parameters: { type: 'object' },
          requiresConfirmation: true,
          execute: (args) => {
            deleted.push((args as { path: string }).path);
            return 'deleted';
          },
        },
      ],
    });
    const paused = await gated.run('go');
    expect(paused.paused!.schemaVersion).toBe(RUN_STATE_VERSION);
    const wire = RunState.of(paused.paused!).toString();
    const done = await gated.continueRun(RunState.fromJSON(wire), { d: { approved: true } });
    expect(done.text).toBe('ok');
    expect(deleted).toEqual(['b']);
  });

  it('a version 1 paused run (before nested sub-agent runs) migrates and continues', async () => {
    const v1 = { ...V0, schemaVersion: 1 };
    expect(RunState.fromJSON(v1).toJSON()).toEqual({ ...V0, schemaVersion: 2 });
    const { agent, deleted } = filesAgent();
    const result = await agent.continueRun(v1, { call_2: { approved: true } });
    expect(result.text).toBe('done after 2 tool results');
    expect(deleted).toEqual(['a.txt']);
  });

  it('refuses a newer version and malformed state with a ValidationError, running nothing', async () => {
    const { agent, deleted } = filesAgent();
    const newer = { ...V0, schemaVersion: RUN_STATE_VERSION + 1 };
    const cases: [unknown, RegExp][] = [
      [newer, /newer agno/],
      [{ ...V0, pending: undefined }, /"pending"/],
      [{ ...V0, runStart: 99 }, /runStart/],
      [{ ...V0, pending: [{ toolName: 'x' }] }, /pending\[0\]/],
      [{ ...V0, nested: { p1: { agent: 'sub' } } }, /nested\["p1"\]/],
      [{ ...V0, nested: { p1: { agent: 'sub', paused: { ...V0, round: -1 } } } }, /"round"/],
      [{ ...V0, activeAgent: 7 }, /activeAgent/],
    ];
    expect(() => RunState.fromJSON('{not json')).toThrow(/must be JSON/);
    for (const [value, message] of cases) {
      expect(() => RunState.fromJSON(value)).toThrow(message);
      await expect(
        agent.continueRun(value as PausedRun, { call_2: { approved: true } }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    expect(deleted).toEqual([]);
  });
});
