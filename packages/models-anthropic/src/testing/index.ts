/**
 * @agno/models-anthropic/testing: a local server speaking the Messages API wire format, for
 * testing agents (and this package) without calling Anthropic.
 */
export {
  FakeAnthropicServer,
  type FakeAnthropicServerOptions,
  type FakeBlock,
  type FakeReply,
  type FakeUsage,
  type ReceivedRequest,
} from './fake-anthropic-server.js';
