/**
 * The typed errors of replies Google withheld: a blocked prompt, or a candidate stopped for safety
 * or recitation before it gave anything usable. Both extend core's `ModelError` with codes of
 * their own (added to core's `ErrorCodes`).
 */
import { type AgnoErrorOptions, ModelError } from '@agno/core';

declare module '@agno/core' {
  interface ErrorCodes {
    /** The provider's safety filters blocked the prompt or the reply (no usable output). */
    content_filtered: true;
    /** The reply was stopped because it recited a source (no usable output). */
    recitation: true;
  }
}

/** Whether the prompt or the reply was blocked. */
export type FilteredPart = 'prompt' | 'response';

/**
 * The prompt was blocked (`promptFeedback.blockReason`), or the reply stopped for `SAFETY`,
 * `PROHIBITED_CONTENT`, `BLOCKLIST`, `SPII` or an image-safety reason before any text or tool call.
 */
export class ContentFilteredError extends ModelError {
  /** The API's reason (`SAFETY`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `OTHER`...). */
  readonly reason: string;
  /** Whether the prompt or the reply was blocked. */
  readonly part: FilteredPart;

  constructor(reason: string, part: FilteredPart, options: AgnoErrorOptions = {}) {
    super(
      part === 'prompt'
        ? `google: the prompt was blocked (${reason}); nothing was generated`
        : `google: the reply was blocked (${reason}) before any usable output`,
      { ...options, code: 'content_filtered', details: { ...options.details, reason, part } },
    );
    this.name = 'ContentFilteredError';
    this.reason = reason;
    this.part = part;
  }
}

/** The reply stopped for `RECITATION` (it repeated a source too closely) before any usable output. */
export class RecitationError extends ModelError {
  /** The API's reason (`RECITATION` or `IMAGE_RECITATION`). */
  readonly reason: string;

  constructor(reason: string, options: AgnoErrorOptions = {}) {
    super(`google: the reply was stopped for ${reason} (it repeated a source) before any usable output`, {
      ...options,
      code: 'recitation',
      details: { ...options.details, reason },
    });
    this.name = 'RecitationError';
    this.reason = reason;
  }
}
