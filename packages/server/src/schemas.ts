/**
 * The request and response schemas of the server's routes (zod): they check what comes in, and the
 * OpenAPI document is generated from them.
 */
import { z } from 'zod';

/** Run options a request may set (JSON only; the server may cap `timeoutMs`). */
export const RunOptionsSchema = z
  .object({
    maxTokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxToolRounds: z.number().int().positive().optional(),
    historyLimit: z.number().int().nonnegative().optional(),
    additionalInstructions: z.string().max(20_000).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    flushIntervalMs: z.number().int().nonnegative().max(1000).optional(),
  })
  .strict();

const MessageSchema = z
  .object({ role: z.enum(['user', 'assistant', 'system', 'tool']), content: z.unknown() })
  .passthrough();

/** The body of a run request. */
export const RunBodySchema = z
  .object({
    /** Text, a message, or messages for agents; any JSON for workflows and teams. */
    input: z.unknown().refine((v) => v !== undefined, 'input is required'),
    sessionId: z.string().min(1).max(256).optional(),
    /** Honoured only on a server without auth (there, the authenticated subject is the user). */
    userId: z.string().min(1).max(256).optional(),
    /** Answer as server-sent events instead of one JSON body. */
    stream: z.boolean().optional(),
    /** Keep the run going when the client disconnects (its events stay readable). */
    keepRunning: z.boolean().optional(),
    options: RunOptionsSchema.optional(),
  })
  .strict();

/** An agent's input: text, one message, or messages. */
export const AgentInputSchema = z.union([z.string().min(1), MessageSchema, z.array(MessageSchema).min(1)]);

const DecisionSchema = z.union([
  z.object({ approved: z.literal(true) }).strict(),
  z.object({ approved: z.literal(false), reason: z.string().max(2000).optional() }).strict(),
]);

/** The body of a continue request (decisions per pending tool-call id). */
export const ContinueBodySchema = z
  .object({
    decisions: z.record(z.string(), DecisionSchema),
    stream: z.boolean().optional(),
    keepRunning: z.boolean().optional(),
    options: RunOptionsSchema.optional(),
  })
  .strict();

/** The body of a workflow or team resume (answers per pause id). */
export const ResumeBodySchema = z
  .object({
    answers: z.record(z.string(), z.unknown()).default({}),
    stream: z.boolean().optional(),
    keepRunning: z.boolean().optional(),
  })
  .strict();

/** Paging of list routes. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** Every error response. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() }),
});

const UsageSchema = z
  .object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() })
  .passthrough();

/** An agent run's result. */
export const RunResultSchema = z
  .object({
    runId: z.string(),
    sessionId: z.string().optional(),
    status: z.enum(['completed', 'paused', 'error']),
    text: z.string(),
    output: z.unknown(),
    toolCalls: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          args: z.unknown(),
          result: z.string(),
          isError: z.boolean(),
        })
        .passthrough(),
    ),
    usage: UsageSchema,
    pending: z
      .array(z.object({ toolCallId: z.string(), toolName: z.string(), args: z.unknown() }))
      .optional(),
  })
  .passthrough();

/** A run as `GET /runs/:runId` shows it. */
export const RunInfoSchema = z.object({
  runId: z.string(),
  kind: z.enum(['agent', 'team', 'workflow']),
  name: z.string(),
  status: z.enum(['running', 'completed', 'paused', 'error']),
  sessionId: z.string().optional(),
  lastEventId: z.number(),
  result: z.unknown().optional(),
  error: ErrorBodySchema.shape.error.optional(),
});

/** What `GET /agents` (teams, workflows) lists. */
export const TargetListSchema = z.array(z.object({ name: z.string(), description: z.string().optional() }));

/** A stored session. */
export const SessionSchema = z
  .object({
    sessionId: z.string(),
    userId: z.string().optional(),
    agentName: z.string().optional(),
    name: z.string().optional(),
  })
  .passthrough();
