/**
 * Thought signatures kept with the turn they came in. Gemini's thinking models put an opaque
 * `thoughtSignature` on some parts of a reply (the first function call of each step, the last
 * text part, a thought part); the API wants each one back on the same part when the
 * conversation is sent again, and Gemini 3 rejects a function-call step without its signature.
 * They travel as the assistant message's `providerData.google` (which core keeps, and the stores
 * keep as JSON), so they survive a paused run and session history.
 */

/** A thought part that carried a signature: its text and the signature. */
export interface SignedThought {
  text: string;
  signature: string;
}

/** What a Gemini turn keeps in `providerData.google`. */
export interface GoogleTurnData {
  /** Signed thought parts, in order: they go back first in the turn. */
  thoughts?: SignedThought[];
  /** The signature of the turn's text (it came on the last text part, sometimes an empty one). */
  textSignature?: string;
  /** The signature of each function call that had one, by tool call id. */
  callSignatures?: Record<string, string>;
  /** True when the call ids came from the API: they go back with the calls and their results. */
  apiCallIds?: boolean;
}

/**
 * The signature Google documents for function calls whose real signature is unknown (a turn
 * another provider made, or history written by hand): Gemini 3 then skips its check.
 */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

/** The Gemini data of an assistant message's `providerData`, when it has any. */
export function turnData(providerData: Record<string, unknown> | undefined): GoogleTurnData | undefined {
  const data = providerData?.google;
  return typeof data === 'object' && data !== null ? (data as GoogleTurnData) : undefined;
}

/** The `providerData` that carries `data`. */
export function providerDataOf(data: GoogleTurnData): Record<string, unknown> {
  return { google: data };
}
