import { Agent } from '@agno/core';
import { anthropic } from '@agno/models-anthropic';

interface City {
  name: string;
  country: string;
  population: number;
}

const agent = new Agent({ model: anthropic('claude-sonnet-5-5') });

const result = await agent.run<City>('Tell me about the capital of Japan.', {
  outputSchema: {
    name: 'city',
    jsonSchema: {
      type: 'object',
      properties: { name: { type: 'string' }, country: { type: 'string' }, population: { type: 'number' } },
      required: ['name', 'country', 'population'],
      additionalProperties: false,
    },
  },
});
console.log(result.output.name, result.output.population);
