/**
 * What a run shares with its tools and instructions beyond ids: the caller's `context` value and
 * the session's state. Built lazily, on first use, so runs whose tools never ask cost nothing.
 */
import { AgnoError, ConfigError, StoreError, ValidationError } from './errors.js';
import type { AgentStore, StateStore } from './store.js';

/** A session's state as tools and instructions see it: read, and update atomically. */
export interface RunSessionState {
  /** The session's state (an empty object for a new session). */
  get(): Promise<Record<string, unknown>>;
  /**
   * Updates the state atomically through the store's `updateState`: `update` sees the latest
   * state and returns the new one (concurrent updates never lose each other's writes). Resolves
   * with the state written. State must be JSON.
   */
  update(
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
}

/** Symbol under which a tool context held by core gives the run that made the call (internal). */
export const RUN_HOST: unique symbol = Symbol('agno.runHost');

/** The session state of one run, read through its agent's store. */
export class SessionStateHandle implements RunSessionState {
  readonly #store: AgentStore | undefined;
  readonly #sessionId: string | undefined;

  constructor(store: AgentStore | undefined, sessionId: string | undefined) {
    this.#store = store;
    this.#sessionId = sessionId;
  }

  async get(): Promise<Record<string, unknown>> {
    const [store, sessionId] = this.#target();
    try {
      return (await store.getState(sessionId)).state;
    } catch (error) {
      throw failed(error, 'read');
    }
  }

  async update(
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    if (typeof update !== 'function') throw new ValidationError('state.update needs a function');
    const [store, sessionId] = this.#target();
    try {
      return (await store.updateState(sessionId, update)).state;
    } catch (error) {
      throw failed(error, 'update');
    }
  }

  #target(): [StateStore, string] {
    const store = this.#store;
    if (
      store === undefined ||
      typeof store.getState !== 'function' ||
      typeof store.updateState !== 'function'
    ) {
      throw new ConfigError(
        "session state needs an agent store that keeps state (a StateStore: getState and updateState); this agent's store does not",
      );
    }
    if (this.#sessionId === undefined) {
      throw new ValidationError('session state needs a run with a sessionId; this run has none');
    }
    return [store as StateStore, this.#sessionId];
  }
}

/** What a store threw, typed: an {@link AgnoError} as it is, anything else as a {@link StoreError}. */
function failed(error: unknown, what: string): AgnoError {
  return error instanceof AgnoError
    ? error
    : new StoreError(`the store failed to ${what} the session state`, { cause: error });
}
