/**
 * Reading the body `useChat`'s default transport POSTs: the new user input, answered approvals,
 * and a typed error naming the field for every malformed body.
 */
import { ValidationError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { formatApprovalId } from './approval-id.js';
import { parseChatRequest } from './request.js';

const user = (id: string, parts: unknown[]) => ({ id, role: 'user', parts });

function approvalPart(runId: string, toolCallId: string, approved: boolean, step?: string, reason?: string) {
  const approval: Record<string, unknown> = { id: formatApprovalId({ runId, toolCallId, step }), approved };
  if (reason !== undefined) approval.reason = reason;
  return { type: 'tool-transfer', toolCallId, state: 'approval-responded', input: { amount: 1 }, approval };
}

function errorOf(body: unknown): ValidationError {
  try {
    parseChatRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseChatRequest', () => {
  it('takes the newest user message as input and the chat id as the session; other fields are kept', () => {
    const req = parseChatRequest({
      id: 'chat-7',
      trigger: 'submit-message',
      messages: [
        user('u1', [{ type: 'text', text: 'old question' }]),
        { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'old answer' }] },
        user('u2', [
          { type: 'text', text: 'first line' },
          { type: 'text', text: 'second line' },
        ]),
      ],
      temperature: 0.2,
    });
    expect(req).toEqual({
      chatId: 'chat-7',
      trigger: 'submit-message',
      messageId: undefined,
      input: 'first line\nsecond line',
      approval: undefined,
      body: { temperature: 0.2 },
    });
  });

  it('turns file parts into core image and file parts (inline data URLs, or http URLs)', () => {
    const req = parseChatRequest({
      id: 'c',
      messages: [
        user('u', [
          { type: 'file', mediaType: 'image/png', url: 'data:image/png;base64,iVBORw0KGgo=' },
          { type: 'file', mediaType: 'application/pdf', url: 'https://example.com/a.pdf', filename: 'a.pdf' },
          { type: 'text', text: 'What is in these?' },
        ]),
      ],
    });
    expect(req.input).toEqual({
      role: 'user',
      content: [
        { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        { type: 'file', mediaType: 'application/pdf', url: 'https://example.com/a.pdf', name: 'a.pdf' },
        { type: 'text', text: 'What is in these?' },
      ],
    });
  });

  it('reads the answered approvals of the last assistant message as decisions for one run', () => {
    const req = parseChatRequest({
      id: 'c',
      trigger: 'submit-message',
      messageId: 'a1',
      messages: [
        user('u', [{ type: 'text', text: 'pay' }]),
        {
          id: 'a1',
          role: 'assistant',
          parts: [
            { type: 'step-start' },
            approvalPart('run:1', 'call/1', true),
            approvalPart('run:1', 'call/2', false, undefined, 'too much'),
            { type: 'tool-weather', toolCallId: 'w', state: 'output-available', input: {}, output: 'sun' },
          ],
        },
      ],
    });
    expect(req.input).toBeUndefined();
    expect(req.messageId).toBe('a1');
    expect(req.approval).toEqual({
      runId: 'run:1',
      decisions: { 'call/1': { approved: true }, 'call/2': { approved: false, reason: 'too much' } },
    });
  });

  it('groups a workflow run’s decisions by paused step', () => {
    const req = parseChatRequest({
      id: 'c',
      messages: [
        {
          id: 'a1',
          role: 'assistant',
          parts: [approvalPart('wf', 'c1', true, 'team/lead'), approvalPart('wf', 'c2', false, 'team/bob')],
        },
      ],
    });
    expect(req.messageId).toBe('a1');
    expect(req.approval).toEqual({
      runId: 'wf',
      decisions: { c1: { approved: true }, c2: { approved: false } },
      steps: { 'team/lead': { c1: { approved: true } }, 'team/bob': { c2: { approved: false } } },
    });
  });

  it('names the field of every malformed body in a ValidationError', () => {
    expect(errorOf(null).message).toMatch(/invalid chat request/);
    expect(errorOf({ messages: [user('u', [{ type: 'text', text: 'x' }])] }).issues).toEqual([
      expect.stringMatching(/^id: /),
    ]);
    expect(errorOf({ id: 'c', messages: [] }).message).toMatch(/messages: /);
    expect(errorOf({ id: 'c', messages: [user('u', [{ type: 'text', text: 7 }])] }).message).toMatch(
      /messages\.0\.parts\.0\.text: /,
    );
    expect(
      errorOf({ id: 'c', messages: [user('u', [{ type: 'text', text: 'x' }])], trigger: 'nope' }).message,
    ).toMatch(/trigger: /);
    expect(errorOf({ id: 'c', messages: [user('u', [])] }).message).toMatch(/messages\.0\.parts: .*no text/);
    expect(
      errorOf({
        id: 'c',
        messages: [user('u', [{ type: 'file', mediaType: 'image/png', url: 'data:image/png,raw' }])],
      }).message,
    ).toMatch(/messages\.0\.parts\.0\.url: a data URL must be base64/);
    expect(
      errorOf({
        id: 'c',
        messages: [user('u', [{ type: 'file', mediaType: 'text/plain', url: 'file:///etc/passwd' }])],
      }).message,
    ).toMatch(/messages\.0\.parts\.0\.url: /);
  });

  it('refuses approval ids it did not issue, approvals of two runs, and an assistant message without approvals', () => {
    const forged = { ...approvalPart('r', 'c1', true), approval: { id: 'a:b:c:d', approved: true } };
    expect(errorOf({ id: 'c', messages: [{ id: 'a', role: 'assistant', parts: [forged] }] }).message).toMatch(
      /messages\.0\.parts\.0\.approval\.id: not an approval id/,
    );
    const otherCall = { ...approvalPart('r', 'c1', true), toolCallId: 'c9' };
    expect(
      errorOf({ id: 'c', messages: [{ id: 'a', role: 'assistant', parts: [otherCall] }] }).message,
    ).toMatch(/approval\.id: not an approval id/);
    const two = [approvalPart('r1', 'c1', true), approvalPart('r2', 'c2', true)];
    expect(errorOf({ id: 'c', messages: [{ id: 'a', role: 'assistant', parts: two }] }).message).toMatch(
      /messages\.0\.parts\.1\.approval\.id: the approvals answer more than one run/,
    );
    expect(
      errorOf({ id: 'c', messages: [{ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'hi' }] }] })
        .message,
    ).toMatch(/messages\.0: the newest message must be a user message/);
  });
});
