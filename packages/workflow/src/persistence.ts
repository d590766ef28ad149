/**
 * Keeping workflow runs in any core `DocumentStore`: writes are coalesced (at most one in
 * flight, then one more with the latest state), so a fast workflow never waits on its store.
 */
import { type DocumentStore, errorMessage } from '@agno/core';
import { WorkflowError } from './errors.js';
import type { WorkflowRunSnapshot, WorkflowRunSummary } from './records.js';

/** The collection a workflow's runs are kept in. */
export function runsCollection(workflowName: string): string {
  return `workflow_runs:${workflowName}`;
}

/** The collection of a workflow's resume claims (one small document per resumed stop of a run). */
export function claimsCollection(workflowName: string): string {
  return `workflow_claims:${workflowName}`;
}

/** How many claims a workflow without a store remembers (the oldest are forgotten first). */
const LOCAL_CLAIMS_KEPT = 10_000;

/**
 * Claims the stop of a run that `snapshot` shows (a pause, a failure, an interruption) for one
 * resume, before any step runs again. The claim is keyed by the run id and the id of the
 * execution that stopped there, and taken with the store's atomic `putDocumentIfAbsent`: of any
 * number of concurrent resumes of that stop (other instances and processes too), exactly one
 * gets it; the others, and any later resume of the same stop, get a `resume_conflict` error
 * (code `conflict`). The resumed run writes its snapshots under a new execution id, so when it
 * stops again it can be resumed again. Without a store, `local` (one workflow instance's set)
 * keeps the claims instead. Snapshots stored before execution ids existed are identified by
 * their `updatedAt`.
 */
export async function claimResume(
  store: DocumentStore | undefined,
  local: Set<string>,
  workflowName: string,
  snapshot: WorkflowRunSnapshot,
): Promise<void> {
  const stop = snapshot.executionId ?? `at-${snapshot.updatedAt}`;
  const id = `${snapshot.runId}#${stop}`;
  let claimed: boolean;
  if (store === undefined) {
    claimed = !local.has(id);
    if (claimed) {
      local.add(id);
      if (local.size > LOCAL_CLAIMS_KEPT) local.delete(local.values().next().value!);
    }
  } else {
    if (typeof store.putDocumentIfAbsent !== 'function') {
      throw new WorkflowError(
        'invalid_option',
        'config_error',
        'the store has no putDocumentIfAbsent(), which resuming a stored run needs (to resume it once)',
      );
    }
    try {
      claimed = await store.putDocumentIfAbsent(claimsCollection(workflowName), id, {
        runId: snapshot.runId,
        stop,
        claimedAt: Date.now(),
      });
    } catch (error) {
      throw new WorkflowError(
        'store_failed',
        'store_error',
        `run "${snapshot.runId}" could not be claimed for a resume: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }
  if (!claimed) {
    throw new WorkflowError(
      'resume_conflict',
      'conflict',
      `run "${snapshot.runId}" was already resumed from this point; read the run again to resume it from where it is now`,
      { details: { runId: snapshot.runId, stop } },
    );
  }
}

/** Writes one run's snapshot to a store, coalescing bursts of changes. */
export class RunSaver {
  private inflight: Promise<void> | undefined = undefined;
  private dirty = false;
  private failure: unknown = undefined;

  constructor(
    private readonly store: DocumentStore,
    private readonly collection: string,
    private readonly runId: string,
    private readonly snapshot: () => WorkflowRunSnapshot,
  ) {}

  /** Asks for a write of the latest state soon. */
  schedule(): void {
    if (this.inflight !== undefined) {
      this.dirty = true;
      return;
    }
    this.inflight = this.loop();
  }

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      try {
        await this.store.putDocument(this.collection, this.runId, this.snapshot());
      } catch (error) {
        this.failure ??= error;
      }
    } while (this.dirty);
    this.inflight = undefined;
  }

  /** Writes the latest state now and waits for every write; throws `store_failed` if any failed. */
  async flush(): Promise<void> {
    this.schedule();
    while (this.inflight !== undefined) await this.inflight;
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      throw new WorkflowError(
        'store_failed',
        'store_error',
        `the workflow run could not be stored: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}

/** One line of history for a stored run. */
export function summarise(doc: WorkflowRunSnapshot): WorkflowRunSummary {
  let completed = 0;
  const pauses: WorkflowRunSummary['pauses'] = [];
  for (const s of doc.steps) {
    if (s.status === 'completed') completed++;
    else if (s.status === 'paused' && s.pause !== undefined) pauses.push(publicPause(s.pause));
  }
  const out: WorkflowRunSummary = {
    runId: doc.runId,
    workflow: doc.workflow,
    status: doc.status,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    completedSteps: completed,
    pauses,
    usage: doc.usage,
  };
  if (doc.error !== undefined) out.error = doc.error;
  return out;
}

/** The public view of a stored pause (without the agent's paused run or earlier answers). */
export function publicPause(
  pause: NonNullable<WorkflowRunSnapshot['steps'][number]['pause']>,
): WorkflowRunSummary['pauses'][number] {
  if (pause.kind === 'confirmation') {
    return {
      kind: 'confirmation',
      id: pause.id,
      path: pause.path,
      stepName: pause.stepName,
      agent: pause.agent,
      pending: pause.pending,
    };
  }
  const out: WorkflowRunSummary['pauses'][number] = {
    kind: 'input',
    id: pause.id,
    path: pause.path,
    stepName: pause.stepName,
    prompt: pause.prompt,
  };
  if (pause.data !== undefined) out.data = pause.data;
  if (pause.issues !== undefined) out.issues = pause.issues;
  return out;
}
