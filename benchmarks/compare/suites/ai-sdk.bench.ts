/**
 * The Vercel AI SDK (`ai`, the newest major that runs on Node 20) in the side-by-side
 * scenarios: its `ToolLoopAgent` on an offline LanguageModelV3 that plays the same script.
 */
import { type LanguageModel, stepCountIs, ToolLoopAgent, tool } from 'ai';
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
export const framework = { name: 'ai-sdk', version: versionOf('ai') };

const usage = {
  inputTokens: { total: 8, noCache: 8, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 4, text: 4, reasoning: undefined },
};

/** A model that answers `text`, or first calls the tool when `callTool` (no recording, no I/O). */
function scriptedModel(callTool: boolean): LanguageModel {
  let ids = 0;
  return {
    specificationVersion: 'v3',
    provider: 'mock',
    modelId: 'scripted',
    supportedUrls: {},
    async doGenerate(options: { prompt: { role: string }[] }) {
      const afterTool = options.prompt.some((m) => m.role === 'tool');
      if (callTool && !afterTool) {
        return {
          content: [
            {
              type: 'tool-call',
              toolCallId: `call_${++ids}`,
              toolName: TOOL_CALL.name,
              input: JSON.stringify(TOOL_CALL.args),
            },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage,
          warnings: [],
        };
      }
      return {
        content: [{ type: 'text', text: callTool ? TOOL_ANSWER : TEXT_ANSWER }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      };
    },
    async doStream() {
      throw new Error('not used in these scenarios');
    },
  } as unknown as LanguageModel;
}

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const tools = {
    add: tool({
      description: TOOL_DESCRIPTION,
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }) => add(a, b),
    }),
  };
  const textModel = scriptedModel(false);
  const toolModel = scriptedModel(true);
  const settings = { id: 'calculator', instructions: INSTRUCTIONS, tools, stopWhen: stepCountIs(5) };
  const textAgent = new ToolLoopAgent({ ...settings, model: textModel });
  const toolAgent = new ToolLoopAgent({ ...settings, model: toolModel });
  await registerScenarios(
    'ai-sdk',
    {
      construct: () =>
        new ToolLoopAgent({
          id: 'calculator',
          instructions: INSTRUCTIONS,
          model: textModel,
          tools,
          stopWhen: stepCountIs(5),
        }),
      textRun: async () => (await textAgent.generate({ prompt: TEXT_QUESTION })).text,
      toolRun: async () => (await toolAgent.generate({ prompt: TOOL_QUESTION })).text,
    },
    ctx,
  );
}
