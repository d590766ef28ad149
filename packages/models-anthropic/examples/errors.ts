import { Agent, isAgnoError, partialResultOf } from '@agno/core';
import { anthropic } from '@agno/models-anthropic';

const agent = new Agent({ model: anthropic('claude-sonnet-5-5', { maxRetries: 3, timeout: 60_000 }) });

try {
  const result = await agent.run('Hello!');
  console.log(result.text);
} catch (error) {
  if (!isAgnoError(error)) throw error;
  switch (error.code) {
    case 'auth_error': // 401/403: check ANTHROPIC_API_KEY (the key is never in the message)
    case 'bad_request': // 400: the API's explanation is in error.message
      console.error(error.message);
      break;
    case 'rate_limited': // 429, after the client's own retries (which honour retry-after)
    case 'overloaded': // 529
      console.error(`busy (status ${error.status}), retryable: ${error.retryable}`);
      break;
    case 'stream_interrupted': // the stream broke mid-way: keep what arrived
      console.error('partial text:', partialResultOf(error)?.text);
      break;
    default:
      console.error(error.code, error.message);
  }
}
