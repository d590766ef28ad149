import { Agent, type Tool } from '@agno/core';
import { anthropic } from '@agno/models-anthropic';

const weather: Tool<{ city: string }> = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: ({ city }) => ({ city, sky: 'sunny', celsius: 21 }),
};

const agent = new Agent({
  instructions: 'Answer in one short sentence.',
  model: anthropic('claude-sonnet-5-5'), // the key comes from ANTHROPIC_API_KEY
  tools: [weather],
});

const result = await agent.run('What is the weather in Paris?');
console.log(result.text);
console.log(result.usage); // { inputTokens, outputTokens, totalTokens, cachedInputTokens?, ... }
