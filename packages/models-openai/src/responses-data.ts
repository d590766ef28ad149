/**
 * What a Responses turn keeps for the next one, as the assistant message's `providerData`
 * (`{ openai: { responseId, reasoning } }`, JSON-safe, kept by core and the stores): the
 * response id, and the reasoning items the API wants sent back with the turn they led to
 * (with their encrypted content when `store: false`, since the API then keeps nothing).
 */
import type { Response, ResponseReasoningItem } from 'openai/resources/responses/responses';

/** The `providerData` key of this package. */
export const DATA_KEY = 'openai';

/** The provider data of one Responses turn. */
export interface ResponsesTurnData {
  /** The id of the response (`resp_…`), for `previous_response_id` or support requests. */
  responseId?: string;
  /** The turn's reasoning items, as they go back to the API. */
  reasoning?: ResponseReasoningItem[];
}

/** The `providerData` of `response`: its id, and its reasoning items when there are any. */
export function turnData(response: Response): Record<string, unknown> | undefined {
  const data: ResponsesTurnData = {};
  if (typeof response.id === 'string' && response.id.length > 0) data.responseId = response.id;
  for (const item of response.output ?? []) {
    if (item.type !== 'reasoning') continue;
    const kept: ResponseReasoningItem = { id: item.id, type: 'reasoning', summary: item.summary ?? [] };
    if (typeof item.encrypted_content === 'string') kept.encrypted_content = item.encrypted_content;
    (data.reasoning ??= []).push(kept);
  }
  return data.responseId === undefined && data.reasoning === undefined ? undefined : { [DATA_KEY]: data };
}

/** The reasoning items kept on an assistant message, to send back before its output. */
export function reasoningOf(
  providerData: Record<string, unknown> | undefined,
): ResponseReasoningItem[] | undefined {
  const reasoning = (providerData?.[DATA_KEY] as ResponsesTurnData | undefined)?.reasoning;
  return Array.isArray(reasoning) && reasoning.length > 0 ? reasoning : undefined;
}
