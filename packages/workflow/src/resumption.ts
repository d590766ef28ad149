/**
 * Reading and checking what a resume starts from: the stored run (by id, from the store) or
 * the snapshot given, and the answers to its open pauses.
 */
import { type DocumentStore, errorMessage } from '@agno/core';
import { decisionsFor } from './agent-runner.js';
import { WorkflowError } from './errors.js';
import { runsCollection } from './persistence.js';
import type { ResumeAnswer, WorkflowRunSnapshot } from './records.js';

/** Answers to a paused run's pauses, by pause id (the paused step's path). */
export type ResumeAnswers = Record<string, ResumeAnswer>;

/** Reads the run `run` names (or copies the snapshot given) and checks that `workflow` can resume it. */
export async function loadSnapshot(
  run: string | WorkflowRunSnapshot,
  store: DocumentStore | undefined,
  workflow: string,
): Promise<WorkflowRunSnapshot> {
  let snapshot: WorkflowRunSnapshot | undefined;
  if (typeof run === 'string') {
    if (store === undefined) {
      throw new WorkflowError(
        'invalid_option',
        'config_error',
        `resuming run "${run}" by id needs a store; pass the run's snapshot instead`,
      );
    }
    try {
      snapshot = await store.getDocument<WorkflowRunSnapshot>(runsCollection(workflow), run);
    } catch (error) {
      throw new WorkflowError(
        'store_failed',
        'store_error',
        `run "${run}" could not be read: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
    if (snapshot === undefined) {
      throw new WorkflowError(
        'run_not_found',
        'not_found',
        `workflow "${workflow}" has no stored run "${run}"`,
      );
    }
  } else if (typeof run === 'object' && run !== null && run.version === 1) {
    snapshot = structuredClone(run);
  } else {
    throw new WorkflowError(
      'invalid_resume',
      'validation_error',
      'resume() takes a run id or a run snapshot',
    );
  }
  if (snapshot.workflow !== workflow) {
    throw new WorkflowError(
      'invalid_resume',
      'validation_error',
      `run "${snapshot.runId}" belongs to workflow "${snapshot.workflow}", not "${workflow}"`,
    );
  }
  if (snapshot.status === 'completed') {
    throw new WorkflowError(
      'invalid_resume',
      'validation_error',
      `run "${snapshot.runId}" has already completed`,
    );
  }
  return snapshot;
}

/** Checks resume answers against the run's open pauses; returns them as a map. */
export function checkAnswers(snapshot: WorkflowRunSnapshot, answers: ResumeAnswers): Map<string, unknown> {
  const open = new Map<string, NonNullable<WorkflowRunSnapshot['steps'][number]['pause']>>();
  for (const s of snapshot.steps)
    if (s.status === 'paused' && s.pause !== undefined) open.set(s.path, s.pause);
  const map = new Map<string, unknown>();
  if (typeof answers !== 'object' || answers === null) {
    throw new WorkflowError(
      'invalid_resume',
      'validation_error',
      'answers must be an object keyed by pause id',
    );
  }
  for (const [id, answer] of Object.entries(answers)) {
    const pause = open.get(id);
    if (pause === undefined) {
      const ids = [...open.keys()];
      throw new WorkflowError(
        'invalid_resume',
        'validation_error',
        `run "${snapshot.runId}" has no open pause "${id}"; open pauses: ${ids.length > 0 ? ids.join(', ') : 'none'}`,
      );
    }
    if (pause.kind === 'confirmation') decisionsFor(answer, pause.pending, id);
    map.set(id, answer);
  }
  return map;
}
