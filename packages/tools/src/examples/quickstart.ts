import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { tool } from '@agno/tools';
import { z } from 'zod';

const weather = tool({
  name: 'weather',
  description: 'Current weather of a city',
  parameters: z.object({
    city: z.string(),
    unit: z.enum(['C', 'F']).optional(),
  }),
  strict: true, // every field required and nullable for the model; nulls come back as undefined
  cache: { ttlMs: 60_000 },
  timeoutMs: 5_000,
  execute: async ({ city, unit }) => ({ city, temperature: unit === 'F' ? 70 : 21, unit: unit ?? 'C' }),
});

// A scripted model stands in for a real one: it asks for the tool, then answers.
const model = new ScriptedModel({
  turns: [
    { toolCalls: [{ name: 'weather', args: { city: 'Paris', unit: null } }] },
    (request) => `Tool said: ${request.messages.at(-1)?.content}`,
  ],
});

export const agent = new Agent({ model, tools: [weather] });
export const result = await agent.run('Weather in Paris?');
console.log(result.text); // Tool said: {"city":"Paris","temperature":21,"unit":"C"}
await agent.close();
