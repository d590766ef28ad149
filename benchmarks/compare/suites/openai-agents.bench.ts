/**
 * The OpenAI Agents SDK (`@openai/agents-core`, the newest release whose dependencies run
 * on Node 20) in the side-by-side scenarios, on an offline `Model` that plays the same
 * script, with tracing off.
 */
import {
  Agent,
  type Model,
  type ModelRequest,
  type ModelResponse,
  Runner,
  tool,
  Usage,
} from '@openai/agents-core';
import { z } from 'zod';
import type { SuiteContext } from '../../src/suite.js';
import {
  add,
  INSTRUCTIONS,
  registerScenarios,
  TEXT_ANSWER,
  TEXT_QUESTION,
  TOOL_ANSWER,
  TOOL_CALL,
  TOOL_DESCRIPTION,
  TOOL_QUESTION,
  versionOf,
} from './scenarios.js';

/** The framework and version measured. */
export const framework = { name: 'openai-agents', version: versionOf('@openai/agents-core') };

/** A model that answers, or first calls the tool when `callTool`. */
class ScriptedModel implements Model {
  private ids = 0;
  constructor(private readonly callTool: boolean) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const input = request.input;
    const afterTool = typeof input !== 'string' && input.some((item) => item.type === 'function_call_result');
    const usage = new Usage({ requests: 1, inputTokens: 8, outputTokens: 4, totalTokens: 12 });
    if (this.callTool && !afterTool) {
      return {
        usage,
        output: [
          {
            type: 'function_call',
            callId: `call_${++this.ids}`,
            name: TOOL_CALL.name,
            arguments: JSON.stringify(TOOL_CALL.args),
            status: 'completed',
          },
        ],
      };
    }
    return {
      usage,
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: this.callTool ? TOOL_ANSWER : TEXT_ANSWER }],
        },
      ],
    };
  }

  getStreamedResponse(): AsyncIterable<never> {
    throw new Error('not used in these scenarios');
  }
}

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const addTool = tool({
    name: TOOL_CALL.name,
    description: TOOL_DESCRIPTION,
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => add(a, b),
  });
  const tools = [addTool];
  const textModel = new ScriptedModel(false);
  const toolModel = new ScriptedModel(true);
  const runner = new Runner({ tracingDisabled: true });
  const textAgent = new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools });
  const toolAgent = new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: toolModel, tools });
  await registerScenarios(
    'openai-agents',
    {
      construct: () => new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools }),
      textRun: async () => String((await runner.run(textAgent, TEXT_QUESTION)).finalOutput),
      toolRun: async () => String((await runner.run(toolAgent, TOOL_QUESTION)).finalOutput),
    },
    ctx,
  );
}
