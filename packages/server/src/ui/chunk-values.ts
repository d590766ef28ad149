/**
 * Values written into chunks: an error as the browser may see it, and a tool's result as output.
 */
import { errorMessage, isAgnoError } from '@agno/core';

/**
 * An error as the browser may see it: `<code>: <message>`, the message scrubbed of registered
 * secrets, never a stack or a cause. An error that is not an agno error gives a generic text
 * (its message may hold anything).
 */
export function safeErrorText(error: unknown): string {
  if (isAgnoError(error)) return `${error.code}: ${errorMessage(error)}`;
  return 'internal_error: internal server error';
}

/**
 * A tool's result as the part's `output`: core hands results over as the text the model read
 * (JSON for objects), so a JSON object or array is parsed back; any other text stays text.
 */
export function toolOutput(result: string): unknown {
  const c = result.charCodeAt(0);
  if (c !== 123 /* { */ && c !== 91 /* [ */) return result;
  try {
    return JSON.parse(result);
  } catch {
    return result;
  }
}
