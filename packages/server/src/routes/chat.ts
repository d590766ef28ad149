/**
 * The browser endpoints: `POST /agents/:name/chat` (and `/teams/:name/chat`, `/workflows/:name/chat`)
 * speak the AI SDK's UI message stream, so `useChat` with its default transport (pointed at the
 * route) talks to a target unchanged. The chat id is the session; the caller may only use its own
 * sessions and continue its own paused runs.
 */
import type { Agent, RunInput } from '@agno/core';
import type { Hono } from 'hono';
import { bodyLimitOf, mayAccess, type ServerContext, type ServerEnv, targetOf, userOf } from '../context.js';
import { HttpError } from '../http-errors.js';
import { checkSession, recordOwner, runOwner, sessionStoreOf } from '../ownership.js';
import { checkSize, param } from '../route-book.js';
import type { StreamsInFlight } from '../streams-in-flight.js';
import { handleChat } from '../ui/handler.js';
import { agentRuns, type StreamableWorkflow, workflowRuns } from '../ui/runs.js';
import type { ChatApproval, ChatRun, ChatRunOptions, ChatRuns } from '../ui/types.js';

/** A run that opens after an async check; a failed check surfaces on its first read. */
function after(check: () => Promise<void>, open: () => ChatRun | Promise<ChatRun>): ChatRun {
  let inner: ChatRun | undefined;
  const opened = check().then(async () => (inner = await open()));
  opened.catch(() => {});
  return {
    get runId() {
      return inner?.runId ?? '';
    },
    get result() {
      return opened.then((r) => r.result);
    },
    async *[Symbol.asyncIterator]() {
      yield* await opened;
    },
  };
}

function checkedAgentRuns(ctx: ServerContext): ChatRuns<Agent> {
  const inner = agentRuns();
  return {
    start: (agent: Agent, input: RunInput, o: ChatRunOptions) =>
      after(
        () => checkSession(ctx, sessionStoreOf(ctx, agent), o.userId, o.sessionId),
        () => inner.start(agent, input, o),
      ),
    continue: (agent: Agent, approval: ChatApproval, o: ChatRunOptions) => inner.continue(agent, approval, o),
  };
}

function checkedFlowRuns(ctx: ServerContext): ChatRuns<StreamableWorkflow> {
  const inner = workflowRuns();
  return {
    start: (flow, input, o) => {
      const run = inner.start(flow, input, o);
      return after(
        () => recordOwner(ctx, run.runId, o.userId),
        () => run,
      );
    },
    continue: (flow, approval: ChatApproval, o) =>
      after(
        async () => {
          const owner = await runOwner(ctx, approval.runId);
          if (!owner.known || !mayAccess(ctx, o.userId, owner.userId)) {
            throw new HttpError('conflict', `the run "${approval.runId}" is not waiting for your decision`);
          }
        },
        () => inner.continue(flow, approval, o),
      ),
  };
}

/** Registers the chat routes. */
export function chatRoutes(app: Hono<ServerEnv>, ctx: ServerContext, streams: StreamsInFlight): void {
  for (const kind of ['agent', 'team', 'workflow'] as const) {
    const plural = `${kind}s`;
    const path = `/${plural}/:name/chat`;
    ctx.routes.push({
      method: 'post',
      path,
      summary: `The AI SDK UI message stream (useChat) for a${kind === 'agent' ? 'n' : ''} ${kind}: the chat id is the session`,
      tags: [plural, 'browsers'],
      responses: { 200: { description: 'UI message stream (x-vercel-ai-ui-message-stream: v1)', sse: true } },
    });
    app.post(path, async (c) => {
      const name = param(c, 'name');
      targetOf(ctx, kind, name);
      const userId = userOf(ctx, c);
      // The body is read here, so that its size is checked even without a content-length.
      const text = await c.req.text();
      checkSize(text, bodyLimitOf(ctx));
      const request = new Request(c.req.raw.url, { method: 'POST', headers: c.req.raw.headers, body: text });
      const { signal, release } = streams.signalFor(c.req.raw.signal);
      const options = { userId, signal, metadata: { agent: name } };
      let response: Response;
      try {
        response =
          kind === 'agent'
            ? await handleChat(request, {
                ...options,
                agent: ctx.agents.get(name)!,
                runs: checkedAgentRuns(ctx),
              })
            : await handleChat(request, {
                ...options,
                agent: ctx.flows.get(`${kind}:${name}`) as unknown as StreamableWorkflow,
                runs: checkedFlowRuns(ctx),
              });
      } catch (error) {
        release();
        throw error;
      }
      return streams.track(response, release);
    });
  }
}
