import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, messageText } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, hasRedisServer, RedisServer } from './fixtures/redis-server.js';
import { RunQueue, RunWorker } from './index.js';

const available = hasRedisServer();
if (!available) {
  if (process.env.CI)
    throw new Error('CI is set but redis-server is not installed: scripts/services.sh installs it');
  console.warn('[queue-bullmq] redis-server is not installed: the Redis restart test is skipped');
}

describe.skipIf(!available)('Redis restarting while jobs are queued', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agno-redis-'));
  let server: RedisServer | undefined;

  afterAll(async () => {
    await server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses none of the queued jobs', async () => {
    server = new RedisServer(await freePort(), dir);
    await server.start();
    const queue = new RunQueue({ connection: server.url });
    const handles = await Promise.all(
      Array.from({ length: 10 }, (_, i) => queue.enqueueAgent('echo', `q${i}`)),
    );
    await queue.close();

    await server.kill(); // a crash: no clean shutdown
    await server.start(); // replays the append-only file

    const worker = new RunWorker({
      connection: server.url,
      concurrency: 5,
      agents: {
        echo: new Agent({
          name: 'echo',
          model: new ScriptedModel({
            respond: (r) => `echo:${messageText(r.messages[r.messages.length - 1]!)}`,
          }),
        }),
      },
    });
    await worker.start();
    const again = new RunQueue({ connection: server.url });
    try {
      const results = await Promise.all(handles.map((h) => again.handle<{ text: string }>(h.jobId).result()));
      expect(results.map((r) => r.text)).toEqual(handles.map((_, i) => `echo:q${i}`));
    } finally {
      await worker.close();
      await again.close();
    }
  });
});
