/**
 * A team behind the chat endpoint, driven by the AI SDK's `Chat`: member text tagged with the
 * member's name, a member's tool approved in the browser, and the team run resumed into the
 * same assistant message.
 */
import { Agent, InMemorySessionStore, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { Team } from '@agno/workflow';
import { DefaultChatTransport, lastAssistantMessageIsCompleteWithApprovalResponses } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeChat, serveLoopback } from '../fixtures/ui/client.js';
import { parseApprovalId } from './approval-id.js';
import { handleChat } from './handler.js';
import { workflowRuns } from './runs.js';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('a team behind handleChat', () => {
  it('streams member text tagged by member, and resumes after the browser approves a member’s tool', async () => {
    const mailed: string[] = [];
    const mail: Tool<{ to: string }> = {
      name: 'send_email',
      description: 'Sends an email',
      parameters: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
      requiresConfirmation: true,
      execute: ({ to }) => {
        mailed.push(to);
        return `mailed ${to}`;
      },
    };
    const writer = new Agent({ name: 'writer', model: new ScriptedModel({ turns: ['Draft: hello Bo.'] }) });
    const sender = new Agent({
      name: 'sender',
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'send_email', args: { to: 'bo@example.com' } }] }, 'Mail sent.'],
      }),
      tools: [mail],
    });
    const team = new Team({
      name: 'office',
      mode: 'collaborate',
      leader: new Agent({ name: 'chair', model: new ScriptedModel({ turns: ['Drafted and sent.'] }) }),
      members: [writer, sender],
      store: new InMemorySessionStore(),
    });
    const server = await serveLoopback((req) => handleChat(req, { agent: team, runs: workflowRuns() }));
    servers.push(server);
    const chat = new NodeChat({
      id: 'office-chat',
      transport: new DefaultChatTransport({ api: `${server.url}/chat` }),
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    });

    await chat.sendMessage({ text: 'Write to Bo and send it' });
    const paused = chat.lastMessage!;
    const asked = paused.parts.find((p) => p.type === 'tool-send_email') as any;
    expect(asked).toMatchObject({
      state: 'approval-requested',
      input: { to: 'bo@example.com' },
      toolMetadata: { agno: { member: 'sender', path: 'members/sender' } },
    });
    expect(parseApprovalId(asked.approval.id)).toMatchObject({ step: 'members/sender' });
    const writerText = paused.parts.find((p) => p.type === 'text') as any;
    expect(writerText).toMatchObject({
      text: 'Draft: hello Bo.',
      providerMetadata: { agno: { member: 'writer', path: 'members/writer' } },
    });
    expect(paused.metadata).toMatchObject({ agent: 'office', status: 'paused' });
    expect(mailed).toEqual([]);

    await chat.addToolApprovalResponse({ id: asked.approval.id, approved: true });
    await vi.waitFor(
      () => {
        expect(chat.status).toBe('ready');
        expect(chat.lastMessage?.metadata).toMatchObject({ status: 'completed' });
      },
      { timeout: 10_000 },
    );
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const message = chat.lastMessage!;
    expect(message.id).toBe(paused.id);
    expect(message.parts.find((p) => p.type === 'tool-send_email')).toMatchObject({
      state: 'output-available',
      output: 'mailed bo@example.com',
    });
    const said = message.parts
      .filter((p) => p.type === 'text')
      .map((p: any) => [p.providerMetadata?.agno?.member, p.text]);
    expect(said).toEqual([
      ['writer', 'Draft: hello Bo.'],
      ['sender', 'Mail sent.'],
      ['chair', 'Drafted and sent.'],
    ]);
    expect(mailed).toEqual(['bo@example.com']);
  });
});
