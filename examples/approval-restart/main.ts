/**
 * Approval across a restart: one process starts a run whose tool needs a person's approval; the
 * run pauses and is kept in a SQLite file; that process exits. A second process (after a restart,
 * on another machine sharing the file...) finds what awaits a decision, approves it, and the tool
 * executes there, once: a second approval of the same run is refused with a `ConflictError`.
 * Run: node scripts/examples.mjs approval-restart
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, ConflictError, type Tool } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { ScriptedModel } from '@agno/models-mock';

const refund: Tool<{ orderId: string; amount: number }, string> = {
  name: 'refund',
  description: 'Refunds an order',
  parameters: {
    type: 'object',
    properties: { orderId: { type: 'string' }, amount: { type: 'number' } },
    required: ['orderId', 'amount'],
  },
  requiresConfirmation: true, // the run pauses before this tool runs
  execute: ({ orderId, amount }) => {
    console.log(`[pid ${process.pid}] refund tool executed for ${orderId}`);
    return `refunded ${amount} EUR on ${orderId}`;
  },
};

/** The agent both processes build: same name, tools and store file. */
function openAgent(file: string) {
  const model = new ScriptedModel({
    turns: [
      { toolCalls: [{ name: 'refund', args: { orderId: 'A-1001', amount: 42 } }] },
      (request) => `Done: ${request.messages.at(-1)?.content}.`,
    ],
  });
  return new Agent({ name: 'support', model, tools: [refund], store: SqliteStore.open(file) });
}

/** First process: the run pauses; its state is in the store when the process exits. */
async function ask(file: string) {
  const agent = openAgent(file);
  const result = await agent.run('Refund order A-1001, it arrived broken.', {
    sessionId: 'ticket-7',
    userId: 'ann',
  });
  const waiting = result.pending?.map((p) => `${p.toolName}(${JSON.stringify(p.toolCall.args)})`);
  console.log(`[pid ${process.pid}] run ${result.status}, waiting for approval of ${waiting?.join(', ')}`);
  await agent.close();
}

/** Second process: finds the paused run by user, approves it; a second approval is refused. */
async function approve(file: string) {
  const store = SqliteStore.open(file);
  const [paused] = await store.listPausedRuns({ userId: 'ann' });
  if (paused === undefined) throw new Error('no paused run found');
  await store.close();

  const agent = openAgent(file);
  const decisions = { [paused.pending[0]!.toolCall.id]: { approved: true as const } };
  const result = await agent.continueRun(paused, decisions); // or by id: continueRun(paused.runId, …)
  console.log(`[pid ${process.pid}] approved: ${result.text}`);
  try {
    await agent.continueRun(paused, decisions); // the same pause again, from any process
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    console.log(`[pid ${process.pid}] a second approval is refused: ${error.code}`);
  }
  await agent.close();
}

/** Runs this file again in a child process for one phase; fails when the child does. */
function phase(name: string, file: string) {
  return new Promise<void>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [name, file], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`))));
  });
}

const [role, file] = process.argv.slice(2);
if (role === 'ask') await ask(file!);
else if (role === 'approve') await approve(file!);
else {
  const dir = mkdtempSync(join(tmpdir(), 'agno-example-approval-'));
  try {
    await phase('ask', join(dir, 'agent.db'));
    await phase('approve', join(dir, 'agent.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
