/**
 * @agno/knowledge/openai: embeddings from OpenAI, or from any server that speaks its embeddings
 * API (Ollama, vLLM, LM Studio), on the official `openai` client (an optional peer: install it).
 */

export { DimensionMismatchError, EmbeddingError } from '../errors.js';
export { type EmbeddingErrorContext, toEmbeddingError } from './embedding-errors.js';
export { OpenAIEmbedder, type OpenAIEmbedderOptions, openaiEmbedder } from './openai-embedder.js';
export { decodeBase64Vector } from './vectors.js';
