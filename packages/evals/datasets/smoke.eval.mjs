/**
 * The smoke eval: a calculator agent on the scripted model (offline, deterministic) over
 * smoke.jsonl, held to every case passing. `pnpm --filter @agno/evals eval:smoke` runs it
 * through the CLI and appends the result to benchmarks/results/evals/smoke.json; the package's
 * tests run it too (src/smoke.test.ts).
 */
import { Agent } from '@agno/core';
import { contains, toolCalls } from '@agno/evals';
import { ScriptedModel } from '@agno/models-mock';

const OPS = { '+': 'add', '*': 'multiply' };

/** The "model": asks for the tool the question needs, then answers with the tool's result. */
const model = new ScriptedModel({
  respond(request) {
    const last = request.messages.at(-1);
    if (last?.role === 'tool') return `The answer is ${last.content}.`;
    const m = /(\d+)\s*([+*])\s*(\d+)/.exec(String(last?.content ?? ''));
    if (m === null) return 'I can only do arithmetic.';
    return { toolCalls: [{ name: OPS[m[2]], args: { a: Number(m[1]), b: Number(m[3]) } }] };
  },
});

const number = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
};

export const agent = new Agent({
  name: 'calculator',
  model,
  instructions: 'Use the tools for arithmetic.',
  tools: [
    { name: 'add', description: 'a + b', parameters: number, execute: ({ a, b }) => String(a + b) },
    { name: 'multiply', description: 'a * b', parameters: number, execute: ({ a, b }) => String(a * b) },
  ],
});

/** The eval definition the CLI runs. */
export default {
  name: 'smoke',
  agent,
  dataset: new URL('./smoke.jsonl', import.meta.url),
  scorers: [contains(), toolCalls({ exactly: true, maxCalls: 1 })],
  threshold: 1,
};
