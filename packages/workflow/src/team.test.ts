import { Agent, type AgentEventType, type Message, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { confirmTool, drain, overlap, slowAgent } from './fixtures/index.js';
import { step, Team, type TeamResult, Workflow, type WorkflowError, type WorkflowEvent } from './index.js';

function member(name: string, description: string, reply: (task: string) => string, delayMs = 0): Agent {
  return new Agent({
    name,
    description,
    model: new ScriptedModel({
      respond: (req) => ({
        text: reply(lastUser(req.messages)),
        delayMs,
        usage: { inputTokens: 4, outputTokens: 2 },
      }),
    }),
  });
}

function lastUser(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]!.role === 'user') return String(messages[i]!.content);
  return '';
}

function memberEvents(events: WorkflowEvent[]): Map<string, AgentEventType[]> {
  const out = new Map<string, AgentEventType[]>();
  for (const e of events) {
    if (e.type !== 'agent-event') continue;
    if (!out.has(e.agent)) out.set(e.agent, []);
    out.get(e.agent)!.push(e.event.type);
  }
  return out;
}

describe('route mode', () => {
  it('the leader hands the task to one member, whose answer is the team’s', async () => {
    const leaderModel = new ScriptedModel({
      turns: [{ text: 'billing', usage: { inputTokens: 10, outputTokens: 1 } }],
    });
    const billing = member('billing', 'invoices and refunds', (t) => `refund issued for: ${t}`);
    const tech = member('tech', 'bugs and outages', () => 'rebooted');
    const team = new Team({
      name: 'support',
      mode: 'route',
      leader: new Agent({ name: 'lead', model: leaderModel }),
      members: [billing, tech],
    });
    const { events, result } = await drain(team.stream('I was charged twice'));
    const r = result as TeamResult;
    expect(r.status).toBe('completed');
    expect(r.text).toBe('refund issued for: I was charged twice');
    expect(r.members.map((m) => [m.member, m.status, m.path])).toEqual([
      ['billing', 'completed', 'route/billing'],
    ]);
    expect(r.members[0]!.usage).toEqual({ inputTokens: 4, outputTokens: 2, totalTokens: 6 });
    expect(r.leader).toMatchObject({ agent: 'lead', text: 'billing' });
    expect(r.usage).toEqual({ inputTokens: 14, outputTokens: 3, totalTokens: 17 });
    const system = String(leaderModel.requests[0]!.messages[0]!.content);
    expect(system).toContain('- billing: invoices and refunds');
    expect(system).toContain('- tech: bugs and outages');
    const tagged = memberEvents(events);
    expect(tagged.get('lead')).toContain('run-completed');
    expect(tagged.get('billing')).toContain('run-completed');
    expect(tagged.has('tech')).toBe(false);
    for (const e of events) {
      if (e.type === 'agent-event' && e.agent === 'billing') expect(e.path).toBe('route/billing');
    }
  });

  it('a leader that names no member is a typed error', async () => {
    const team = new Team({
      name: 'lost',
      mode: 'route',
      leader: new Agent({ name: 'lead', model: new ScriptedModel({ turns: ['nobody here fits'] }) }),
      members: [member('a', 'x', () => 'a'), member('b', 'y', () => 'b')],
    });
    const error = (await team.run('q').catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('unknown_step');
    expect(error.code).toBe('not_found');
  });
});

describe('coordinate mode', () => {
  it('the leader delegates subtasks to members as tools (at once) and composes the answer', async () => {
    const researcher = member('researcher', 'finds facts', (t) => `facts about ${t}`, 30);
    const writer = member('writer', 'writes prose', (t) => `prose on ${t}`, 30);
    const leaderModel = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'delegate_task_to_member', args: { member: 'researcher', task: 'otters' } },
            { name: 'delegate_task_to_member', args: { member: 'writer', task: 'otter intro' } },
          ],
          usage: { inputTokens: 20, outputTokens: 10 },
        },
        (req) => {
          const results = req.messages.filter((m) => m.role === 'tool').map((m) => m.content);
          return { text: `Final: ${results.join(' + ')}`, usage: { inputTokens: 30, outputTokens: 5 } };
        },
      ],
    });
    const team = new Team({
      name: 'desk',
      mode: 'coordinate',
      leader: new Agent({ name: 'editor', model: leaderModel }),
      members: [researcher, writer],
    });
    const { events, result } = await drain(team.stream('Write about otters'));
    const r = result as TeamResult;
    expect(r.text).toBe('Final: facts about otters + prose on otter intro');
    expect(r.members.map((m) => [m.member, m.path, m.output])).toEqual([
      ['researcher', 'editor/researcher[1]', 'facts about otters'],
      ['writer', 'editor/writer[1]', 'prose on otter intro'],
    ]);
    // the two delegations ran at once
    expect(overlap(events, 'editor/researcher[1]', 'editor/writer[1]')).toBe(true);
    // member usage is in the team's usage: leader 65 + members 2 × 6
    expect(r.usage.totalTokens).toBe(65 + 12);
    expect(r.leader).toMatchObject({ agent: 'editor', modelCalls: 2 });
    // the leader saw the delegation tool with the members listed
    const tool = leaderModel.requests[0]!.tools!.find((t) => t.name === 'delegate_task_to_member')!;
    expect(tool.description).toContain('- researcher: finds facts');
    expect(
      (tool.parameters as { properties: { member: { enum: string[] } } }).properties.member.enum,
    ).toEqual(['researcher', 'writer']);
    const tagged = memberEvents(events);
    expect(tagged.get('researcher')).toEqual(
      expect.arrayContaining(['run-started', 'text-delta', 'run-completed']),
    );
    expect(tagged.get('editor')).toEqual(
      expect.arrayContaining(['tool-call-started', 'tool-call-completed']),
    );
    for (const e of events) {
      if (e.type === 'agent-event' && e.agent === 'writer') expect(e.path).toBe('editor/writer[1]');
    }
  });

  it('a member that fails becomes an error result for the leader, recorded in the team result', async () => {
    const broken = new Agent({
      name: 'broken',
      model: new ScriptedModel({ turns: [{ error: new Error('member down') }] }),
    });
    const leaderModel = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'delegate_task_to_member', args: { member: 'broken', task: 'x' } }] },
        (req) => ({
          text: `recovered: ${req.messages
            .filter((m) => m.role === 'tool')
            .map((m) => m.content)
            .join()}`,
        }),
      ],
    });
    const team = new Team({
      name: 'resilient',
      mode: 'coordinate',
      leader: new Agent({ name: 'lead', model: leaderModel }),
      members: [broken],
    });
    const r = await team.run('go');
    expect(r.text).toMatch(/^recovered: .*member down/);
    expect(r.members[0]).toMatchObject({
      member: 'broken',
      status: 'failed',
      error: { reason: 'step_failed' },
    });
  });
});

describe('collaborate mode', () => {
  it('every member answers at once, then the leader merges', async () => {
    const a = member('optimist', 'sees the upside', (t) => `yes to ${t}`, 30);
    const b = member('pessimist', 'sees the risks', (t) => `no to ${t}`, 30);
    const leaderModel = new ScriptedModel({
      respond: (req) => `merged: ${lastUser(req.messages).length > 0}`,
    });
    const team = new Team({
      name: 'panel',
      mode: 'collaborate',
      leader: new Agent({ name: 'chair', model: leaderModel }),
      members: [a, b],
      instructions: 'Be fair.',
    });
    const { events, result } = await drain(team.stream('a four-day week'));
    const r = result as TeamResult;
    expect(overlap(events, 'members/optimist', 'members/pessimist')).toBe(true);
    expect(r.members.map((m) => [m.member, m.output])).toEqual([
      ['optimist', 'yes to a four-day week'],
      ['pessimist', 'no to a four-day week'],
    ]);
    const merge = lastUser(leaderModel.requests[0]!.messages);
    expect(merge).toContain('The task was:\na four-day week');
    expect(merge).toContain('[optimist]\nyes to a four-day week');
    expect(merge).toContain('[pessimist]\nno to a four-day week');
    expect(String(leaderModel.requests[0]!.messages[0]!.content)).toContain('Be fair.');
    expect(r.text).toBe('merged: true');
    expect(r.leader?.agent).toBe('chair');
    expect(r.usage.totalTokens).toBe(12 + r.steps.find((s) => s.path === 'chair')!.usage!.totalTokens);
  });

  it('every agent event type of a member reaches the team stream, tagged with the member; a paused member pauses the team', async () => {
    const lookup: Tool<{ q: string }, string> = {
      name: 'lookup',
      description: 'looks up',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
      execute: ({ q }) => `found ${q}`,
    };
    // talker: a tool round, text, and a failing background task (memory extraction, say)
    const talker: Agent = new Agent({
      name: 'talker',
      model: new ScriptedModel({
        turns: [
          { toolCalls: [{ name: 'lookup', args: { q: 'x' } }] },
          { text: 'talked at length', delayMs: 5 },
        ],
      }),
      tools: [lookup],
      hooks: {
        afterModelCall: (ctx) => {
          if (ctx.round === 0) {
            talker.runInBackground(ctx.runId, 'memory', async () => {
              throw new Error('memory store offline');
            });
          }
        },
      },
    });
    // looper: repeats one call until loop detection stops it (and its run fails)
    const looper = new Agent({
      name: 'looper',
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'lookup', args: { q: 'same' } }] }] }),
      tools: [lookup],
    });
    // asker: needs a person's confirmation
    const mail = confirmTool();
    const asker = new Agent({
      name: 'asker',
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'send_email', args: { to: 'bo@example.com' } }] }, 'mailed'],
      }),
      tools: [mail],
    });
    const chair = slowAgent('chair', 'all merged', 0);
    const team = new Team({
      name: 'everything',
      mode: 'collaborate',
      leader: chair,
      members: [talker, looper, asker],
    });

    const first = await drain(team.stream('go'));
    const paused = first.result as TeamResult;
    expect(paused.status).toBe('paused');
    expect(paused.pauses.map((p) => p.id)).toEqual(['members/asker']);
    expect(first.events.at(-1)?.type).toBe('workflow-paused');

    const tagged = memberEvents(first.events);
    const all = new Set([
      ...(tagged.get('talker') ?? []),
      ...(tagged.get('looper') ?? []),
      ...(tagged.get('asker') ?? []),
    ]);
    const every: AgentEventType[] = [
      'run-started',
      'text-delta',
      'tool-call-started',
      'tool-call-completed',
      'model-call-completed',
      'loop-detected',
      'run-paused',
      'run-completed',
      'run-error',
      'background-error',
    ];
    for (const type of every) expect(all, type).toContain(type);
    expect(tagged.get('talker')).toEqual(
      expect.arrayContaining(['background-error', 'run-completed', 'tool-call-completed']),
    );
    expect(tagged.get('looper')).toEqual(expect.arrayContaining(['loop-detected', 'run-error']));
    expect(tagged.get('asker')).toEqual(expect.arrayContaining(['run-paused']));
    for (const e of first.events) {
      if (e.type === 'agent-event') expect(e.path).toBe(`members/${e.agent}`);
    }
    expect(paused.members.map((m) => [m.member, m.status])).toEqual([
      ['talker', 'completed'],
      ['looper', 'skipped'],
      ['asker', 'paused'],
    ]);
    expect(paused.members[1]!.error?.code).toBe('loop_detected');

    const resumed = await drain(team.resumeStream(paused.snapshot!, { 'members/asker': { approved: true } }));
    const done = resumed.result as TeamResult;
    expect(done.status).toBe('completed');
    expect(done.text).toBe('all merged');
    expect(mail.calls).toEqual(['bo@example.com']);
    expect(memberEvents(resumed.events).get('asker')).toEqual(
      expect.arrayContaining(['tool-call-completed', 'run-completed']),
    );
    // the talker did not run again
    expect((talker.model as ScriptedModel).calls).toBe(2);
  });
});

describe('teams as steps and at build time', () => {
  it('a team is a step of a workflow, its runs nested under the team’s path', async () => {
    const team = new Team({
      name: 'duo',
      mode: 'collaborate',
      leader: slowAgent('lead', 'both agree', 0),
      members: [slowAgent('one', '1', 0), slowAgent('two', '2', 0)],
    });
    const wf = new Workflow({
      name: 'with-team',
      steps: [step('ask', () => 'question'), team, step('after', (ctx) => `${ctx.previous}!`)],
    });
    const result = await wf.run(undefined);
    expect(result.output).toBe('both agree!');
    expect(result.steps.map((s) => s.path)).toEqual([
      'ask',
      'duo',
      'duo/members',
      'duo/members/one',
      'duo/members/two',
      'duo/lead',
      'after',
    ]);
  });

  it('rejects teams that cannot work', () => {
    const a = slowAgent('a', 'x', 0);
    const reasons = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as WorkflowError).reason;
      }
      return undefined;
    };
    expect(reasons(() => new Team({ name: 't', mode: 'route', leader: a, members: [] }))).toBe(
      'empty_workflow',
    );
    expect(reasons(() => new Team({ name: 't', mode: 'route', leader: a, members: [a] }))).toBe(
      'duplicate_step',
    );
    expect(
      reasons(
        () => new Team({ name: 't', mode: 'solo' as never, leader: a, members: [slowAgent('b', 'y', 0)] }),
      ),
    ).toBe('invalid_option');
    expect(reasons(() => new Team({ name: 't', mode: 'route', leader: {} as never, members: [a] }))).toBe(
      'invalid_option',
    );
  });
});
