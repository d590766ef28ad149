/**
 * SQLite memory: a conversation kept in one SQLite file picks up where it left off after the
 * agent (and its store) is closed and opened again, as after a restart.
 * Run: node scripts/examples.mjs sqlite-memory
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { ScriptedModel } from '@agno/models-mock';

const dir = mkdtempSync(join(tmpdir(), 'agno-example-sqlite-'));
const file = join(dir, 'agent.db');

// The scripted model answers from what it is sent: the history the agent loaded, then the question.
const model = new ScriptedModel({
  respond: (request) => {
    const said = request.messages.filter((m) => m.role === 'user').map((m) => String(m.content));
    const name = said.map((text) => /I am (\w+)/.exec(text)?.[1]).find(Boolean);
    return name ? `You are ${name} (I have seen ${said.length} of your messages).` : 'I do not know you yet.';
  },
});
const openAgent = (store: SqliteStore) => new Agent({ name: 'assistant', model, store });

try {
  const first = openAgent(SqliteStore.open(file)); // creates the file and its tables
  console.log(
    `first run: ${(await first.run('Hi, I am Ada.', { sessionId: 'chat-1', userId: 'ada' })).text}`,
  );
  await first.close(); // waits for the store writes, then closes the file

  const store = SqliteStore.open(file); // a new store on the same file, as after a restart
  const second = openAgent(store);
  const again = await second.run('Who am I?', { sessionId: 'chat-1', userId: 'ada' });
  console.log(`after reopening: ${again.text}`);
  const [session] = await store.listSessions({ userId: 'ada' });
  console.log(`session ${session?.sessionId}: ${session?.runCount} runs stored`);
  await second.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
