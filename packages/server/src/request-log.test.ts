import { afterEach, describe, expect, it } from 'vitest';
import { apiKeys } from './auth/api-keys.js';
import { echoAgent, start } from './fixtures/apps.js';
import type { RequestLogEntry } from './request-log.js';

const KEY = 'log-test-key-0123456789';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

async function run(logPrompts: boolean): Promise<RequestLogEntry[]> {
  const entries: RequestLogEntry[] = [];
  const s = await start({
    agents: [echoAgent('a', 'ok')],
    auth: { schemes: [apiKeys({ [KEY]: 'ada' })] },
    log: (e) => entries.push(e),
    logPrompts,
  });
  stops.push(() => s.http.close());
  await fetch(`${s.url}/agents/a/runs?token=${KEY}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ input: 'my card is 4111 1111 1111 1111' }),
  });
  await fetch(`${s.url}/agents`, { headers: { authorization: 'Bearer wrong-key-0123456789abc' } });
  return entries;
}

describe('request logs', () => {
  it('one entry per request with subject, run and target; never a credential, a query string or the prompt', async () => {
    const entries = await run(false);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      method: 'POST',
      path: '/agents/a/runs',
      status: 200,
      subject: 'ada',
      target: 'agent:a',
    });
    expect(entries[0]!.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries[1]).toMatchObject({ path: '/agents', status: 401 });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('wrong-key');
    expect(text).not.toContain('4111');
  });

  it('the prompt only with logPrompts', async () => {
    const entries = await run(true);
    expect(entries[0]!.input).toBe('my card is 4111 1111 1111 1111');
    expect(JSON.stringify(entries)).not.toContain(KEY);
  });
});
