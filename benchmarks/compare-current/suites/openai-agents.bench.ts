/**
 * The OpenAI Agents SDK (`@openai/agents-core` 0.20) in the side-by-side scenarios with the
 * peers' newest majors: its `Agent` and `Runner` on an offline `Model` playing the shared
 * script, tracing off.
 */
import {
  Agent,
  type Model,
  type ModelRequest,
  type ModelResponse,
  Runner,
  type StreamEvent,
  tool,
  Usage,
} from '@openai/agents-core';
import { z } from 'zod';
import type { SuiteContext } from '../../src/suite.js';
import { readText, registerCurrentScenarios } from './scenarios.js';
import {
  add,
  INSTRUCTIONS,
  nextStep,
  ROUNDS_QUESTION,
  type ScriptKind,
  STREAM_QUESTION,
  type Step,
  TEXT_QUESTION,
  TOOL_DESCRIPTION,
  TOOL_QUESTION,
  versionOf,
} from './script.js';

/** The framework and version measured. */
export const framework = { name: 'openai-agents', version: versionOf('@openai/agents-core') };

const usage = () => new Usage({ requests: 1, inputTokens: 8, outputTokens: 4, totalTokens: 12 });

/** A `Model` that plays the script of `kind`. */
class ScriptedModel implements Model {
  constructor(private readonly kind: ScriptKind) {}

  private step(request: ModelRequest): Step {
    let results = 0;
    if (typeof request.input !== 'string')
      for (const item of request.input) if (item.type === 'function_call_result') results++;
    return nextStep(this.kind, results);
  }

  private output(step: Step): ModelResponse['output'] {
    if (step.type === 'call')
      return [
        {
          type: 'function_call',
          callId: step.id,
          name: step.name,
          arguments: step.json,
          status: 'completed',
        },
      ];
    return [
      {
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: step.text }],
      },
    ];
  }

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    return { usage: usage(), output: this.output(this.step(request)) };
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const step = this.step(request);
    yield { type: 'response_started' };
    if (step.type === 'text') for (const delta of step.deltas) yield { type: 'output_text_delta', delta };
    yield {
      type: 'response_done',
      response: {
        id: 'r',
        usage: { inputTokens: 8, outputTokens: 4, totalTokens: 12 },
        output: this.output(step) as Extract<StreamEvent, { type: 'response_done' }>['response']['output'],
      },
    };
  }
}

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const addTool = tool({
    name: 'add',
    description: TOOL_DESCRIPTION,
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => add(a, b),
  });
  const tools = [addTool];
  const runner = new Runner({ tracingDisabled: true });
  const agent = (kind: ScriptKind) =>
    new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: new ScriptedModel(kind), tools });
  const textModel = new ScriptedModel('text');
  const [text, toolRun, rounds, stream] = [agent('text'), agent('tool'), agent('rounds3'), agent('stream')];
  await registerCurrentScenarios(
    'openai-agents',
    {
      construct: () => new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools }),
      textRun: async () => String((await runner.run(text, TEXT_QUESTION)).finalOutput),
      toolRun: async () => String((await runner.run(toolRun, TOOL_QUESTION)).finalOutput),
      threeRounds: async () => String((await runner.run(rounds, ROUNDS_QUESTION)).finalOutput),
      stream: async () => {
        const result = await runner.run(stream, STREAM_QUESTION, { stream: true });
        const read = await readText(result.toTextStream());
        await result.completed;
        return read;
      },
      imports: ['@openai/agents-core'],
    },
    ctx,
  );
}
