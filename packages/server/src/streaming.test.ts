import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { Team } from '@agno/workflow';
import { afterEach, describe, expect, it } from 'vitest';
import { gatedAgent, readSSE, start } from './fixtures/apps.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});
async function serve(options: Parameters<typeof start>[0]) {
  const s = await start(options);
  stops.push(() => s.http.close({ timeoutMs: 2000 }));
  return s;
}
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('streaming under real network conditions', () => {
  it('a client that stops reading holds back its own run (bounded log), not other streams; reading again gets every delta', async () => {
    const total = 100_000;
    const big = new Agent({
      name: 'big',
      model: new ScriptedModel({ chunkSize: 1, respond: 'x'.repeat(total) }),
    });
    const small = new Agent({ name: 'small', model: new ScriptedModel({ respond: 'quick answer' }) });
    const { url, server } = await serve({ agents: [big, small], runs: { maxEvents: 256, window: 64 } });
    const res = await post(`${url}/agents/big/runs`, { input: 'go', stream: true });
    const runId = res.headers.get('x-run-id')!;
    const reader = res.body!.getReader();
    const firstChunk = await reader.read(); // one chunk, then the client stalls
    await new Promise((r) => setTimeout(r, 500));
    const entry = server.context.registry.get(runId)!;
    const producedWhileStalled = entry.log.nextId;
    expect(entry.status).toBe('running');
    expect(producedWhileStalled).toBeLessThan(total);
    expect(entry.log.size).toBeLessThanOrEqual(256);
    // Another client is served meanwhile.
    expect(await (await post(`${url}/agents/small/runs`, { input: 'hi' })).json()).toMatchObject({
      text: 'quick answer',
    });
    // The stalled client resumes and gets everything, in order.
    let text = '';
    const decoder = new TextDecoder();
    let buf = decoder.decode(firstChunk.value, { stream: true });
    for (let first = true; ; first = false) {
      if (!first) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
      }
      let i = buf.indexOf('\n\n');
      while (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        i = buf.indexOf('\n\n');
        if (block.includes('event: text-delta'))
          text += JSON.parse(block.slice(block.indexOf('data: ') + 6)).text;
      }
    }
    expect(text).toBe('x'.repeat(total));
    expect(entry.status).toBe('completed');
  });

  it('sends heartbeat comments while a run is quiet', async () => {
    const { agent, release } = gatedAgent('slow', 'done');
    const { url } = await serve({ agents: [agent], heartbeatMs: 50 });
    const res = await post(`${url}/agents/slow/runs`, { input: 'go', stream: true });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    while (!seen.includes(': ping')) seen += (await reader.read()).value ?? '';
    release();
    while (!seen.includes('event: done')) seen += (await reader.read()).value ?? '';
    expect(seen).toContain('event: run-completed');
  });

  it('a reconnect asking for events the bounded log dropped is told how many it missed', async () => {
    const agent = new Agent({
      name: 'chatty',
      model: new ScriptedModel({ chunkSize: 1, respond: 'y'.repeat(500) }),
    });
    const { url } = await serve({ agents: [agent], runs: { maxEvents: 50, window: 10 } });
    const first = await post(`${url}/agents/chatty/runs`, { input: 'go', stream: true });
    const runId = first.headers.get('x-run-id')!;
    await readSSE(first); // streamed to the end; JSON runs nobody streams keep no events
    const events = await readSSE(
      await fetch(`${url}/runs/${runId}/events`, { headers: { 'last-event-id': '3' } }),
    );
    expect(events[0]!.event).toBe('gap');
    expect((events[0]!.data as { missed: number }).missed).toBeGreaterThan(400);
    expect(events.length).toBe(51);
    expect(events.at(-1)!.event).toBe('done');
  });

  it('a team streams its members’ events tagged with the member', async () => {
    const member = (name: string, reply: string) =>
      new Agent({ name, model: new ScriptedModel({ respond: reply }) });
    const team = new Team({
      name: 'panel',
      mode: 'collaborate',
      leader: new Agent({ name: 'lead', model: new ScriptedModel({ respond: 'merged' }) }),
      members: [member('alice', 'from alice'), member('bob', 'from bob')],
    });
    const { url } = await serve({ teams: [team as never] });
    const events = await readSSE(await post(`${url}/teams/panel/runs`, { input: 'question', stream: true }));
    const byMember: Record<string, string> = {};
    for (const e of events) {
      const d = e.data as { agent: string; event: { type: string; text: string } };
      if (e.event === 'agent-event' && d.event.type === 'text-delta')
        byMember[d.agent] = (byMember[d.agent] ?? '') + d.event.text;
    }
    expect(byMember).toMatchObject({ alice: 'from alice', bob: 'from bob', lead: 'merged' });
    expect(events.find((e) => e.event === 'workflow-completed')).toBeDefined();
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
  });
});
