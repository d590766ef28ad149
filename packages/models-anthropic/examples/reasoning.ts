import { Agent, type Tool } from '@agno/core';
import { anthropic } from '@agno/models-anthropic';

const forecast: Tool<{ city: string }> = {
  name: 'get_forecast',
  description: 'Rain forecast for a city, today',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: ({ city }) => ({ city, rainChance: 0.7 }),
};

const agent = new Agent({ model: anthropic('claude-sonnet-5-5'), tools: [forecast] });

// `medium` is extended thinking with a 4,096-token budget (max_tokens is raised to fit it).
const stream = agent.stream('Should I take an umbrella in Paris today?', {
  reasoning: { effort: 'medium' },
});
for await (const event of stream) {
  if (event.type === 'reasoning-delta') process.stdout.write(`[${event.text}]`);
  if (event.type === 'text-delta') process.stdout.write(event.text);
}
const result = await stream.result;
console.log(`\nthought: ${result.reasoning}`);
console.log(`${result.usage.reasoningTokens} of ${result.usage.outputTokens} output tokens were thinking`);
