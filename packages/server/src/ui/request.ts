/**
 * The body `useChat`'s default transport POSTs (`{ id, messages, trigger, messageId, ...body }`),
 * read into what the server needs: the chat id (the agno session id), the new user input, or the
 * approvals answered in the last assistant message. Only the newest message counts: the agent's
 * store holds the conversation, so the history the browser sends is not trusted or replayed.
 */
import {
  type ContentPart,
  formatIssues,
  type ToolDecision,
  type UserMessage,
  ValidationError,
} from '@agno/core';
import { z } from 'zod';
import { parseApprovalId } from './approval-id.js';
import type { ChatApproval } from './types.js';

/** What the server needs from a chat request. */
export interface ChatRequest {
  /** The chat's id: the agno session id. */
  chatId: string;
  /** `submit-message` (a new message, or approvals) or `regenerate-message`. */
  trigger: 'submit-message' | 'regenerate-message';
  /** The id of the message the browser continues (with approvals: the assistant message's id). */
  messageId: string | undefined;
  /** The new user message: text, or text with images and files. Absent when `approval` is set. */
  input: string | UserMessage | undefined;
  /** The approvals answered in the last assistant message, when that is what was sent. */
  approval: ChatApproval | undefined;
  /** The body's other fields (what the transport's `body` option added). */
  body: Record<string, unknown>;
}

const partSchema = z.looseObject({ type: z.string() });
const messageSchema = z.looseObject({
  id: z.string(),
  role: z.enum(['system', 'user', 'assistant']),
  parts: z.array(partSchema),
});
const bodySchema = z.looseObject({
  id: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  trigger: z.enum(['submit-message', 'regenerate-message']).default('submit-message'),
  messageId: z.string().optional(),
});
const textPartSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
const filePartSchema = z.looseObject({
  type: z.literal('file'),
  mediaType: z.string().min(1),
  url: z.string().min(1),
  filename: z.string().optional(),
});
const approvalPartSchema = z.looseObject({
  toolCallId: z.string().min(1),
  approval: z.looseObject({ id: z.string().min(1), approved: z.boolean(), reason: z.string().optional() }),
});

type Part = z.infer<typeof partSchema>;

/**
 * Reads a chat request's JSON body. Throws a `ValidationError` naming the field when the body is
 * not what the transport sends, when the newest message is neither a user message nor an
 * assistant message with answered approvals, or when an approval id is not one this server wrote.
 */
export function parseChatRequest(body: unknown): ChatRequest {
  const parsed = check(bodySchema, body, []);
  const { id, messages, trigger, messageId, ...rest } = parsed;
  const last = messages.length - 1;
  const message = messages[last]!;
  const base = { chatId: id, trigger, messageId, body: rest };
  if (message.role === 'user') {
    return { ...base, input: userInput(message.parts, ['messages', last, 'parts']), approval: undefined };
  }
  if (message.role === 'assistant' && trigger === 'submit-message') {
    const approval = approvals(message.parts, ['messages', last, 'parts']);
    if (approval !== undefined)
      return { ...base, messageId: messageId ?? message.id, input: undefined, approval };
  }
  throw new ValidationError(
    `messages.${last}: the newest message must be a user message, or an assistant message with answered tool approvals`,
    [`messages.${last}.role: ${message.role}`],
  );
}

/** The user's message as core input: its text, or text, image and file parts when it has files. */
function userInput(parts: Part[], path: (string | number)[]): string | UserMessage {
  const content: ContentPart[] = [];
  let text = '';
  let files = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.type === 'text') {
      const p = check(textPartSchema, part, [...path, i]);
      text = text === '' ? p.text : `${text}\n${p.text}`;
      content.push({ type: 'text', text: p.text });
    } else if (part.type === 'file') {
      content.push(fileContent(check(filePartSchema, part, [...path, i]), [...path, i]));
      files = true;
    }
  }
  if (!files && text === '') {
    throw new ValidationError(`${path.join('.')}: the user message has no text and no files`, [
      `${path.join('.')}: no text or file part`,
    ]);
  }
  return files ? { role: 'user', content } : text;
}

/** A file part as core content: an image part for `image/*`, else a file part; data URLs inline. */
function fileContent(part: z.infer<typeof filePartSchema>, path: (string | number)[]): ContentPart {
  const at = `${path.join('.')}.url`;
  let data: string | undefined;
  let url: string | undefined;
  if (part.url.startsWith('data:')) {
    const comma = part.url.indexOf(',');
    const header = part.url.slice(5, comma);
    if (comma < 0 || !header.endsWith(';base64')) {
      throw new ValidationError(`${at}: a data URL must be base64-encoded`, [`${at}: not a base64 data URL`]);
    }
    data = part.url.slice(comma + 1);
  } else if (/^https?:\/\//i.test(part.url)) url = part.url;
  else
    throw new ValidationError(`${at}: a file must be a data URL or an http(s) URL`, [
      `${at}: unsupported URL`,
    ]);
  const out: ContentPart = part.mediaType.startsWith('image/')
    ? { type: 'image', mediaType: part.mediaType }
    : { type: 'file', mediaType: part.mediaType };
  if (data !== undefined) out.data = data;
  if (url !== undefined) out.url = url;
  if (out.type === 'file' && part.filename !== undefined) out.name = part.filename;
  return out;
}

/** The approvals answered in an assistant message's tool parts, or undefined when it has none. */
function approvals(parts: Part[], path: (string | number)[]): ChatApproval | undefined {
  let runId: string | undefined;
  const decisions: Record<string, ToolDecision> = {};
  let steps: Record<string, Record<string, ToolDecision>> | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!isToolPart(part) || part.state !== 'approval-responded') continue;
    const p = check(approvalPartSchema, part, [...path, i]);
    const at = `${[...path, i].join('.')}.approval.id`;
    const ref = parseApprovalId(p.approval.id);
    if (ref === undefined || ref.toolCallId !== p.toolCallId) {
      throw new ValidationError(`${at}: not an approval id this server issued`, [
        `${at}: unknown approval id`,
      ]);
    }
    if (runId !== undefined && ref.runId !== runId) {
      throw new ValidationError(`${at}: the approvals answer more than one run`, [`${at}: another run`]);
    }
    runId = ref.runId;
    const decision: ToolDecision = p.approval.approved
      ? { approved: true }
      : p.approval.reason === undefined
        ? { approved: false }
        : { approved: false, reason: p.approval.reason };
    decisions[ref.toolCallId] = decision;
    if (ref.step !== undefined) ((steps ??= {})[ref.step] ??= {})[ref.toolCallId] = decision;
  }
  if (runId === undefined) return undefined;
  return steps === undefined ? { runId, decisions } : { runId, decisions, steps };
}

function isToolPart(part: Part): boolean {
  return part.type.startsWith('tool-') || part.type === 'dynamic-tool';
}

/** `value` parsed by `schema`, or a `ValidationError` whose message names each failing field. */
function check<S extends z.ZodType>(schema: S, value: unknown, path: (string | number)[]): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = formatIssues(
    result.error.issues.map((issue) => ({
      message: issue.message,
      path: [...path, ...(issue.path as (string | number)[])],
    })),
  );
  throw new ValidationError(`invalid chat request: ${issues.join('; ')}`, issues);
}
