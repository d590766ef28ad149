/**
 * @agno/models-google/testing: a local server speaking the Gemini API wire format, for testing
 * agents (and this package) without calling Google.
 */
export {
  type FakeError,
  FakeGoogleServer,
  type FakeGoogleServerOptions,
  type FakePart,
  type FakeReply,
  type FakeUsage,
  type ReceivedRequest,
} from './fake-google-server.js';
