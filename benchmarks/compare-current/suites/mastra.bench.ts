/**
 * Mastra (`@mastra/core` 1.x) in the side-by-side scenarios with the peers' newest majors: its
 * `Agent` on an offline AI SDK LanguageModelV4 playing the shared script (Mastra streams the
 * model internally, also for `generate`).
 */
import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
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
export const framework = { name: 'mastra', version: versionOf('@mastra/core') };

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const addTool = createTool({
    id: 'add',
    description: TOOL_DESCRIPTION,
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => add(a, b),
  });
  const tools = { add: addTool };
  const model = (kind: ScriptKind) => aiSdkModel('v4', kind) as never;
  const agent = (kind: ScriptKind) =>
    new Agent({
      id: 'calculator',
      name: 'calculator',
      instructions: INSTRUCTIONS,
      model: model(kind),
      tools,
    });
  const textModel = model('text');
  const [text, toolRun, rounds, stream] = [agent('text'), agent('tool'), agent('rounds3'), agent('stream')];
  await registerCurrentScenarios(
    'mastra',
    {
      construct: () =>
        new Agent({
          id: 'calculator',
          name: 'calculator',
          instructions: INSTRUCTIONS,
          model: textModel,
          tools,
        }),
      textRun: async () => (await text.generate(TEXT_QUESTION)).text,
      toolRun: async () => (await toolRun.generate(TOOL_QUESTION)).text,
      threeRounds: async () => (await rounds.generate(ROUNDS_QUESTION)).text,
      stream: async () => readText((await stream.stream(STREAM_QUESTION)).textStream),
      imports: ['@mastra/core/agent', '@mastra/core/tools'],
    },
    ctx,
  );
}
