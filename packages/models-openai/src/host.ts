/**
 * What the API modules need from a model instance: its client, its request settings, and
 * what error mapping needs to know; and the cancellation scope of one call.
 */
import { SignalScope } from '@agno/core/utils';
import type OpenAI from 'openai';
import type { ErrorContext } from './error-mapping.js';
import type { RequestSettings } from './settings.js';

/** A model as the Chat Completions and Responses modules see it. */
export interface ModelHost extends ErrorContext {
  /** The model's client (created on first use). */
  readonly client: OpenAI;
  /** The model's request settings (resolved with the client). */
  readonly settings: RequestSettings;
}

/**
 * The scope of one call made with `signal`, or `undefined` when there is none (no cost). The
 * client gets the scope's per-call signal, never the caller's: it adds an `abort` listener to
 * the signal it is given and never removes it (openai/openai-node#1811), and it checks the signal
 * only between attempts, so `scope.race` is what ends a call waiting out a `retry-after`.
 */
export function callScope(signal: AbortSignal | undefined): SignalScope | undefined {
  return signal === undefined ? undefined : new SignalScope(signal);
}

/** Per-request client options: only the call's own signal, when the caller gave one. */
export function requestOptions(scope: SignalScope | undefined): { signal: AbortSignal } | undefined {
  return scope === undefined ? undefined : { signal: scope.signal };
}
