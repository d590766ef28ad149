/**
 * @agno/models-openai/testing: a local server speaking the OpenAI wire format, for testing
 * agents (and OpenAI-compatible code) without a network or an API key.
 */

export type { FakeChatQuirks } from './chat-wire.js';
export {
  type FakeEmbeddingReply,
  type FakeEmbeddingStep,
  FakeEmbeddings,
  type FakeEmbedFn,
  hashedBagOfWords,
  MAX_EMBEDDING_INPUTS,
} from './embeddings-wire.js';
export {
  type FakeErrorBody,
  FakeOpenAIServer,
  type FakeOpenAIServerOptions,
  type FakeReasoning,
  type FakeReply,
  type FakeStep,
  type FakeToolCall,
  type FakeUsage,
  type ReceivedRequest,
} from './fake-openai-server.js';
export { type FakeModerator, wordListModerator } from './moderations-wire.js';
