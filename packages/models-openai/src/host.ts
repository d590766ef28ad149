/**
 * What the API modules need from a model instance: its client, its request settings, and
 * what error mapping needs to know.
 */
import type OpenAI from 'openai';
import type { CallScope } from './abort.js';
import type { ErrorContext } from './error-mapping.js';
import type { RequestSettings } from './settings.js';

/** A model as the Chat Completions and Responses modules see it. */
export interface ModelHost extends ErrorContext {
  /** The model's client (created on first use). */
  readonly client: OpenAI;
  /** The model's request settings (resolved with the client). */
  readonly settings: RequestSettings;
}

/** Per-request client options: only the call's own signal, when the caller gave one. */
export function requestOptions(scope: CallScope | undefined): { signal: AbortSignal } | undefined {
  return scope === undefined ? undefined : { signal: scope.signal };
}
