import { describe, expect, it } from 'vitest';
import { gatedAgent, readSSE, start, stuckAgent } from './fixtures/apps.js';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('graceful shutdown and limits', () => {
  it('close() refuses new runs (503), lets runs in flight finish, then closes the agents', async () => {
    const { agent, release, calls } = gatedAgent('slow', 'finished');
    const { url, http } = await start({ agents: [agent] });
    const inFlight = post(`${url}/agents/slow/runs`, { input: 'go' });
    // In flight once its model call has begun (a fixed wait lost the race on a loaded machine).
    await expect.poll(calls, { timeout: 5000 }).toBe(1);
    const closing = http.close({ timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 50));
    release();
    const res = await inFlight;
    expect(await res.json()).toMatchObject({ status: 'completed', text: 'finished' });
    await closing;
    await expect(agent.run('after')).rejects.toMatchObject({ code: 'closed' });
  });

  it('past its deadline, close() cancels runs in flight; their clients get the aborted error', async () => {
    const seen = { aborted: false, started: false };
    const agent = stuckAgent('stuck', seen);
    const { url, http, server } = await start({ agents: [agent] });
    const res = await post(`${url}/agents/stuck/runs`, { input: 'go', stream: true });
    const events = readSSE(res);
    await expect.poll(() => seen.started, { timeout: 5000 }).toBe(true);
    const closing = server.close({ timeoutMs: 100 });
    const refused = await post(`${url}/agents/stuck/runs`, { input: 'again' });
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.code).toBe('closed');
    expect((await fetch(`${url}/ready`)).status).toBe(503);
    const got = await events;
    expect(got.find((e) => e.event === 'run-error')?.data).toMatchObject({ error: { code: 'aborted' } });
    expect(seen.aborted).toBe(true);
    await closing;
    await http.close();
  });

  it('limits runs in flight per caller: over the limit and its queue, 429; other callers are not affected', async () => {
    const { agent, release, calls } = gatedAgent('slow', 'ok');
    const { url, http } = await start({ agents: [agent], rateLimit: { concurrency: 1, maxQueue: 1 } });
    const as = (user: string) =>
      fetch(`${url}/agents/slow/runs`, {
        method: 'POST',
        headers: { 'x-user-id': user },
        body: JSON.stringify({ input: 'x' }),
      });
    const first = as('ada');
    const queued = as('ada');
    // The first run is in flight once its model call began; the second had as long to be queued.
    await expect.poll(calls, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    const refused = await as('ada');
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('rate_limited');
    const other = as('bob');
    release();
    expect((await first).status).toBe(200);
    expect((await queued).status).toBe(200);
    expect((await other).status).toBe(200);
    await http.close();
  });
});
