/**
 * The server process of the server suite (`node --expose-gc --import tsx server-process.ts`):
 * an AgnoServer (echo, firehose, waiter) and the bare Hono handler on loopback, answering the
 * suite over IPC with its memory after full collections (`measure`) and its CPU time (`cpu`).
 */
import { once } from 'node:events';
import { createServer } from '../../packages/server/dist/index.js';
import { listen } from '../../packages/server/dist/node/index.js';
import { serve } from '../../packages/server/node_modules/@hono/node-server/dist/index.mjs';
import { bareApp, echoAgent, streamAgents } from './server-apps.js';

const server = createServer({ agents: [echoAgent(), ...streamAgents()], runs: { maxRetained: 10 } });
const http = await listen(server, { port: 0 });
const bare = serve({ fetch: (await bareApp(echoAgent())).fetch, port: 0, hostname: '127.0.0.1' });
await once(bare, 'listening');
const gc = (globalThis as { gc?: () => void }).gc!;

process.on('message', (m: string) => {
  if (m === 'measure') {
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    process.send!({ heapUsed, rss, running: server.running });
  } else if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  }
});
process.send!({ url: http.url, bareUrl: `http://127.0.0.1:${(bare.address() as { port: number }).port}` });
