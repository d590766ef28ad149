/**
 * The Vercel AI SDK (`ai` 7) in the side-by-side scenarios with the peers' newest majors: its
 * `ToolLoopAgent` on an offline LanguageModelV4 playing the shared script.
 */
import { isStepCount, type LanguageModel, ToolLoopAgent, tool } from 'ai';
import { z } from 'zod';
import type { SuiteContext } from '../../src/suite.js';
import { aiSdkModel } from './ai-sdk-model.js';
import { readText, registerCurrentScenarios } from './scenarios.js';
import {
  add,
  INSTRUCTIONS,
  ROUNDS_QUESTION,
  type ScriptKind,
  STREAM_QUESTION,
  TEXT_QUESTION,
  TOOL_DESCRIPTION,
  TOOL_QUESTION,
  versionOf,
} from './script.js';

/** The framework and version measured. */
export const framework = { name: 'ai-sdk', version: versionOf('ai') };

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const tools = {
    add: tool({
      description: TOOL_DESCRIPTION,
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }) => add(a, b),
    }),
  };
  const model = (kind: ScriptKind) => aiSdkModel('v4', kind) as unknown as LanguageModel;
  const settings = { id: 'calculator', instructions: INSTRUCTIONS, tools, stopWhen: isStepCount(5) };
  const agent = (kind: ScriptKind) => new ToolLoopAgent({ ...settings, model: model(kind) });
  const textModel = model('text');
  const [text, toolRun, rounds, stream] = [agent('text'), agent('tool'), agent('rounds3'), agent('stream')];
  await registerCurrentScenarios(
    'ai-sdk',
    {
      construct: () =>
        new ToolLoopAgent({
          id: 'calculator',
          instructions: INSTRUCTIONS,
          model: textModel,
          tools,
          stopWhen: isStepCount(5),
        }),
      textRun: async () => (await text.generate({ prompt: TEXT_QUESTION })).text,
      toolRun: async () => (await toolRun.generate({ prompt: TOOL_QUESTION })).text,
      threeRounds: async () => (await rounds.generate({ prompt: ROUNDS_QUESTION })).text,
      stream: async () => readText((await stream.stream({ prompt: STREAM_QUESTION })).textStream),
      imports: ['ai'],
    },
    ctx,
  );
}
