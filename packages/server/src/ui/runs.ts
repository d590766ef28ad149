/**
 * Direct `ChatRuns` for an agent, and for a team or workflow: runs started and continued on the
 * target itself, for an app that serves the chat without the server's run registry.
 */
import {
  type Agent,
  ConflictError,
  messageText,
  type PausedRunStore,
  type RunInput,
  StoreError,
  ValidationError,
} from '@agno/core';
import type { ResumeAnswers, WorkflowStreamOptions } from '@agno/workflow';
import type { ChatApproval, ChatRun, ChatRuns } from './types.js';

/**
 * Runs an agent: `start` streams a run in the chat's session (the agent's store keeps the
 * history; without a store the agent sees only the newest message), `continue` continues the
 * paused run from the agent's store, after checking that it belongs to this chat and this user
 * (a run that is not waiting for their decision is a `ConflictError`, HTTP 409). Continuing
 * needs a store that keeps paused runs (else a `config_error`).
 */
export function agentRuns(): ChatRuns<Agent> {
  return {
    start(agent, input, { sessionId, userId, signal }) {
      return agent.stream(input, { sessionId, userId, signal });
    },
    async continue(agent, approval, { sessionId, userId, signal }) {
      await checkOwner(agent, approval, sessionId, userId);
      return agent.continueStream(approval.runId, approval.decisions, { signal });
    },
  };
}

/** What `workflowRuns` drives: a `Team` or a `Workflow` (their `stream` and `resumeStream`). */
export interface StreamableWorkflow {
  stream(input: any, options?: WorkflowStreamOptions): ChatRun;
  resumeStream(run: string, answers?: ResumeAnswers, options?: WorkflowStreamOptions): ChatRun;
}

/**
 * Runs a team or a workflow: `start` streams a run on the message's text, `continue` resumes the
 * paused run (from the team's or workflow's store) with the decisions per paused step. Team and
 * workflow runs keep no user: serve them only to callers who may continue any of their runs.
 */
export function workflowRuns(): ChatRuns<StreamableWorkflow> {
  return {
    start(target, input, { signal }) {
      return target.stream(inputText(input), { signal });
    },
    continue(target, approval, { signal }) {
      if (approval.steps === undefined) {
        throw new ValidationError('the approvals are for an agent run, not a workflow or team run', [
          'approval.id: no step',
        ]);
      }
      return target.resumeStream(approval.runId, approval.steps, { signal });
    },
  };
}

function inputText(input: RunInput): string {
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) return input.map(messageText).join('\n');
  return messageText(input);
}

/**
 * Refuses a run that is not waiting for this chat's and this user's decision with one
 * `ConflictError` (HTTP 409), the same whether the run was continued already, never paused, or
 * belongs to another chat or user (so an id taken from another user's chat reveals nothing).
 */
async function checkOwner(
  agent: Agent,
  approval: ChatApproval,
  sessionId: string,
  userId: string | undefined,
): Promise<void> {
  const store = agent.options.store as Partial<PausedRunStore> | undefined;
  if (typeof store?.loadPausedRun !== 'function') return; // continueStream says what is missing
  let paused: Awaited<ReturnType<PausedRunStore['loadPausedRun']>>;
  try {
    paused = await store.loadPausedRun(approval.runId);
  } catch (error) {
    throw new StoreError('could not load the paused run', { cause: error });
  }
  if (paused === undefined || paused.sessionId !== sessionId || (paused.userId ?? undefined) !== userId) {
    throw new ConflictError(`the run "${approval.runId}" is not waiting for your decision`);
  }
}
