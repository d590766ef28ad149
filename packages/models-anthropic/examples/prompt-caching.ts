import { Agent } from '@agno/core';
import { anthropic } from '@agno/models-anthropic';

const handbook = 'The employee handbook... (thousands of stable tokens)';

const agent = new Agent({
  instructions: `Answer questions using this handbook:\n${handbook}`,
  // Marks the system prompt, the last tool and the last message with cache_control.
  model: anthropic('claude-sonnet-5-5', { cache: true }),
});

const first = await agent.run('How many vacation days do I get?');
const second = await agent.run('And sick days?');
console.log(first.usage.cacheCreationInputTokens, second.usage.cachedInputTokens);
