/**
 * Serving: agents over HTTP with `@agno/server`, called with its typed client
 * (`@agno/server/client`): a JSON run, a streamed run, and an approval that executes its tool once.
 * Run: node scripts/examples.mjs serving
 */
import { Agent, InMemorySessionStore, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { apiKeys, createServer } from '@agno/server';
import { createClient } from '@agno/server/client';
import { listen } from '@agno/server/node';

let sent = 0;
const sendEmail: Tool<{ to: string }, string> = {
  name: 'send_email',
  description: 'Sends an email',
  parameters: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
  requiresConfirmation: true,
  execute: ({ to }) => `sent to ${to} (email #${++sent})`,
};
const mailer = new Agent({
  name: 'mailer',
  store: new InMemorySessionStore(),
  tools: [sendEmail],
  model: new ScriptedModel({
    chunkSize: 5,
    turns: [
      { toolCalls: [{ name: 'send_email', args: { to: 'ann@example.com' } }] },
      'The minutes are sent.',
    ],
  }),
});
const helper = new Agent({
  name: 'helper',
  model: new ScriptedModel({ chunkSize: 4, respond: 'Reset it from Settings.' }),
});

const apiKey = 'example-key-not-a-secret';
const server = createServer({ agents: [mailer, helper], auth: { schemes: [apiKeys({ [apiKey]: 'ann' })] } });
const http = await listen(server, { port: 0 }); // port 3000 when left out

const client = createClient({ baseUrl: http.url, apiKey });
try {
  console.log(`json run: ${(await client.agents.run('helper', 'How do I reset my password?')).text}`);

  let deltas = 0;
  const streamed = await client.agents.stream('helper', 'And my email?');
  for await (const event of streamed) if (event.type === 'text-delta') deltas += 1;
  console.log(`streamed run: ${(await streamed.result).text} (${deltas} deltas)`);

  const paused = await client.agents.run('mailer', 'Email Ann the minutes', { sessionId: 'chat-1' });
  const [call] = paused.pending ?? [];
  console.log(`paused: ${paused.status}, waiting for ${call?.toolName}`);
  const decision = { [call!.toolCallId]: { approved: true as const } };
  // Two clients approve at once: the tool runs once, the other approval gets a conflict.
  const outcomes = await Promise.allSettled([
    client.agents.continue('mailer', paused.runId, decision),
    client.agents.continue('mailer', paused.runId, decision),
  ]);
  const done = outcomes.find((o) => o.status === 'fulfilled');
  const refused = outcomes.filter((o) => o.status === 'rejected').length;
  console.log(
    `approved: ${done?.status === 'fulfilled' ? done.value.text : 'none'} (emails sent: ${sent}, approvals refused: ${refused})`,
  );
} finally {
  await http.close();
}
