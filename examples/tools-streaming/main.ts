/**
 * Tools and streaming: a zod-typed tool, a run streamed event by event (the tool call, then the
 * answer in small text deltas), and the same agent answering concurrent callers.
 * Run: node scripts/examples.mjs tools-streaming
 */
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { tool } from '@agno/tools';
import { z } from 'zod';

const weather = tool({
  name: 'weather',
  description: 'Current weather of a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, celsius: city === 'Oslo' ? 4 : 21, sky: 'clear' }),
});

const cityOf = (question: string) => /in (\w+)/.exec(question)?.[1] ?? 'Paris';

// The scripted model asks for the tool, then answers from its result, sent in 6-character chunks
// as a provider streams them. For real use, put openai('gpt-4o-mini') (@agno/models-openai) in its place.
const model = new ScriptedModel({
  chunkSize: 6,
  turns: [
    (request) => ({
      toolCalls: [{ name: 'weather', args: { city: cityOf(String(request.messages.at(-1)?.content)) } }],
    }),
    (request) => {
      const { city, celsius, sky } = JSON.parse(String(request.messages.at(-1)?.content));
      return `${city}: ${celsius}°C, ${sky} skies.`;
    },
  ],
});

const agent = new Agent({ name: 'forecaster', model, tools: [weather], instructions: 'Answer briefly.' });

const stream = agent.stream('What is the weather in Oslo?');
let deltas = 0;
for await (const event of stream) {
  if (event.type === 'tool-call-started')
    console.log(`calling ${event.toolCall.name}(${JSON.stringify(event.toolCall.args)})`);
  if (event.type === 'tool-call-completed') console.log(`tool result: ${event.result}`);
  if (event.type === 'text-delta') {
    deltas += 1;
    process.stdout.write(event.text);
  }
}
const result = await stream.result;
console.log(
  `\nstreamed in ${deltas} deltas; ${result.toolCalls.length} tool call, ${result.usage.totalTokens} tokens`,
);

// One agent serves concurrent runs: every run keeps its own state.
const answers = await Promise.all(['Rome', 'Lima', 'Kyiv'].map((city) => agent.run(`Weather in ${city}?`)));
console.log(answers.map((a) => a.text).join(' | '));
await agent.close();
