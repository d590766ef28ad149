/**
 * @agno/models-google: Gemini models (the Gemini API and Vertex AI) as a core `Model`, on the
 * official `@google/genai` client.
 */
export { ContentFilteredError, type FilteredPart, RecitationError } from './content-filter.js';
export { GoogleModel, type GoogleModelView, google, vertex } from './google-model.js';
export type { GoogleModelOptions, GoogleModelSettings, ThinkingStyle } from './options.js';
export type { GoogleTurnData, SignedThought } from './signatures.js';
