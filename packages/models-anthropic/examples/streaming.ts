import { Agent } from '@agno/core';
import { anthropic } from '@agno/models-anthropic';

const agent = new Agent({ model: anthropic('claude-sonnet-5-5', { maxTokens: 1024 }) });

// Text only: each chunk as the model writes it.
for await (const text of agent.stream('Write a haiku about the sea.', { textOnly: true })) {
  process.stdout.write(text);
}
process.stdout.write('\n');

// Or every event (text deltas, tool calls, the final result).
const stream = agent.stream('And one about the mountains.');
for await (const event of stream) {
  if (event.type === 'run-completed') console.log(`done in ${event.result.modelCalls} call(s)`);
}
console.log((await stream.result).text);
