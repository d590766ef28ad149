/**
 * @agno/models-ollama: models served by a local Ollama server, as core `Model`s, through
 * Ollama's OpenAI-compatible API and `@agno/models-openai`.
 */
export {
  OLLAMA_BASE_URL,
  OLLAMA_PLACEHOLDER_KEY,
  type OllamaModelName,
  type OllamaModelOptions,
  ollama,
  ollamaBaseURL,
} from './ollama.js';
