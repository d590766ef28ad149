/**
 * @agno/models-openai/testing: a local server speaking the OpenAI wire format, for testing
 * agents (and OpenAI-compatible code) without a network or an API key.
 */
export {
  type FakeErrorBody,
  FakeOpenAIServer,
  type FakeOpenAIServerOptions,
  type FakeReply,
  type FakeStep,
  type FakeToolCall,
  type FakeUsage,
  type ReceivedRequest,
} from './fake-openai-server.js';
export { type FakeModerator, wordListModerator } from './moderations-wire.js';
