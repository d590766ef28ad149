/**
 * The chat routes of a full server: the AI SDK's own `Chat` (what `useChat` wraps) with its default
 * transport, through the server's auth, its session ownership checks and its shutdown.
 */
import { Agent, InMemorySessionStore, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import {
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  type UIMessage,
} from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKeys } from '../auth/api-keys.js';
import { start, stuckAgent } from '../fixtures/apps.js';
import { NodeChat } from '../fixtures/ui/client.js';

const ADA = 'chat-key-ada-0123456789';
const BOB = 'chat-key-bob-0123456789';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

function chatOf(api: string, key: string, id: string): NodeChat {
  return new NodeChat({
    id,
    transport: new DefaultChatTransport({ api, headers: { 'x-api-key': key } }),
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
  });
}
const toolParts = (m: UIMessage | undefined): any[] =>
  (m?.parts ?? []).filter((p) => p.type.startsWith('tool-'));

describe('POST /agents/:name/chat', () => {
  it('streams to useChat behind auth, approves a tool once, and keeps other users out of the chat', async () => {
    let executed = 0;
    const refund: Tool<{ amount: number }> = {
      name: 'refund',
      description: 'Refunds',
      parameters: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
      requiresConfirmation: true,
      execute: ({ amount }) => {
        executed++;
        return { refunded: amount };
      },
    };
    const agent = new Agent({
      name: 'billing',
      store: new InMemorySessionStore(),
      tools: [refund],
      model: new ScriptedModel({
        turns: [
          { text: 'Let me refund.', toolCalls: [{ name: 'refund', args: { amount: 9 } }] },
          'Refunded 9.',
        ],
      }),
    });
    const s = await start({ agents: [agent], auth: { schemes: [apiKeys({ [ADA]: 'ada', [BOB]: 'bob' })] } });
    stops.push(() => s.http.close({ timeoutMs: 1000 }));
    const api = `${s.url}/agents/billing/chat`;

    const unauthenticated = await fetch(api, { method: 'POST', body: '{}' });
    expect(unauthenticated.status).toBe(401);

    const ada = chatOf(api, ADA, 'ada-chat');
    await ada.sendMessage({ text: 'refund me' });
    const asked = toolParts(ada.lastMessage)[0];
    expect(asked).toMatchObject({ state: 'approval-requested', input: { amount: 9 } });

    // Bob cannot post into Ada's chat (her session), nor answer her approval.
    const bob = chatOf(api, BOB, 'ada-chat');
    await bob.sendMessage({ text: 'what did she say?' }).catch(() => {});
    expect(bob.error).toBeDefined();
    const stolen = await fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': BOB },
      body: JSON.stringify({
        id: 'bob-chat',
        trigger: 'submit-message',
        messages: [
          {
            ...ada.lastMessage,
            parts: [
              { ...asked, state: 'approval-responded', approval: { id: asked.approval.id, approved: true } },
            ],
          },
        ],
      }),
    });
    expect(stolen.status).toBe(409);
    expect(executed).toBe(0);

    await ada.addToolApprovalResponse({ id: asked.approval.id, approved: true });
    await vi.waitFor(() => expect(toolParts(ada.lastMessage)[0]?.state).toBe('output-available'), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(ada.status).toBe('ready'), { timeout: 10_000 });
    expect(toolParts(ada.lastMessage)[0].output).toEqual({ refunded: 9 });
    expect(executed).toBe(1);
    expect(ada.lastMessage!.metadata).toMatchObject({
      status: 'completed',
      agent: 'billing',
      sessionId: 'ada-chat',
    });
  });

  it('shutdown waits for a chat stream, then stops it at the deadline: the tool sees the abort', async () => {
    const seen = { aborted: false, started: false };
    const agent = stuckAgent('stuck', seen);
    const s = await start({ agents: [agent] });
    const chat = chatOf(`${s.url}/agents/stuck/chat`, 'unused', 'c1');
    const sending = chat.sendMessage({ text: 'go' });
    await vi.waitFor(() => expect(seen.started).toBe(true), { timeout: 10_000 });
    await s.http.close({ timeoutMs: 200 });
    await sending.catch(() => {});
    expect(seen.aborted).toBe(true);
  });
});
