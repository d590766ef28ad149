/**
 * Claiming a paused run for one continuation, so that one approval executes its tools once.
 */
import { ConfigError, ConflictError, StoreError, ValidationError } from './errors.js';
import { storeFailure } from './run-base.js';
import { RunState } from './run-state.js';
import type { PausedRun, ToolDecision } from './run-types.js';
import type { PausedRunStore } from './store.js';

/** How many continued pauses an agent without a store remembers (to refuse a second continue). */
const CLAIMS_KEPT = 10_000;

/**
 * Takes a paused run for one continuation, so that an approval executes its tools once: with a
 * store, the store's atomic claim (one winner across instances and processes); without one, this
 * agent's memory of the pauses it continued. Decisions are checked before anything is claimed.
 * A loser gets a {@link ConflictError}.
 */
export async function claimPause(
  store: PausedRunStore | undefined,
  claimed: Set<string>,
  given: PausedRun | RunState | string,
  decisions: Record<string, ToolDecision>,
): Promise<PausedRun> {
  // A paused run handed in is read through its versioned form: checked, older versions migrated.
  const paused = typeof given === 'string' ? given : RunState.fromJSON(given).toJSON();
  const runId = typeof paused === 'string' ? paused : paused.runId;
  const taken = () =>
    new ConflictError(
      `the paused run "${runId}" is not waiting for a decision: it was continued already, or never stored`,
    );
  if (store === undefined) {
    if (typeof paused === 'string')
      throw new ConfigError('continuing a run by id needs an agent whose store keeps paused runs');
    checkDecisions(paused, decisions);
    // A run can pause twice in one round (a sub-agent that pauses again): its pending calls differ.
    const key = `${paused.runId}#${paused.round}#${paused.pending.map((p) => p.toolCall.id).join(',')}`;
    if (claimed.has(key)) throw taken();
    claimed.add(key);
    if (claimed.size > CLAIMS_KEPT) claimed.delete(claimed.values().next().value!);
    return structuredClone(paused);
  }
  let stored: PausedRun | undefined;
  try {
    stored = await store.loadPausedRun(runId);
  } catch (error) {
    throw storeFailure(error, 'load the paused run');
  }
  if (stored !== undefined) stored = RunState.fromJSON(stored).toJSON();
  if (stored === undefined) {
    if (typeof paused !== 'string') throw taken();
    throw new StoreError(`no paused run with id "${runId}" waits for a decision`, { code: 'not_found' });
  }
  if (typeof paused !== 'string' && !samePause(stored, paused)) throw taken();
  checkDecisions(stored, decisions);
  let state: PausedRun | undefined;
  try {
    state = await store.claimPausedRun(runId);
  } catch (error) {
    throw storeFailure(error, 'claim the paused run');
  }
  if (state === undefined) throw taken();
  state = RunState.fromJSON(state).toJSON();
  if (!samePause(state, stored)) {
    // Paused again between the load and the claim: that newer pause is not the one decided on.
    await store.savePausedRun(state).catch(() => {});
    throw taken();
  }
  return state;
}

/** Throws a {@link ValidationError} unless there is a decision for every pending call. */
function checkDecisions(paused: PausedRun, decisions: Record<string, ToolDecision>): void {
  const missing = paused.pending.filter((p) => decisions[p.toolCall.id] === undefined);
  if (missing.length > 0) {
    throw new ValidationError(
      `a decision is needed for every pending call; missing: ${missing.map((p) => p.toolCall.id).join(', ')}`,
    );
  }
}

/** Whether two paused states are the same pause (same run, same round, same pending calls). */
function samePause(a: PausedRun, b: PausedRun): boolean {
  return (
    a.runId === b.runId &&
    a.round === b.round &&
    a.pending.length === b.pending.length &&
    a.pending.every((p, i) => p.toolCall.id === b.pending[i]!.toolCall.id)
  );
}
