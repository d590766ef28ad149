/**
 * VoltAgent (`@voltagent/core` 2.x) in the side-by-side scenarios with the peers' newest
 * majors: its `Agent` on an offline AI SDK LanguageModelV4 playing the shared script, with its
 * default settings. VoltAgent 2.10 declares `ai` 6 as a peer and puts the instructions in the
 * messages as a system message; this package gives it `ai` 7, which refuses that unless a call
 * says `allowSystemInMessages` (an AI SDK option VoltAgent passes through), so every call does.
 */
import { Agent, createTool } from '@voltagent/core';
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
export const framework = { name: 'voltagent', version: versionOf('@voltagent/core') };

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const addTool = createTool({
    name: 'add',
    description: TOOL_DESCRIPTION,
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => add(a, b),
  });
  const tools = [addTool];
  const ai6 = { allowSystemInMessages: true } as never;
  const model = (kind: ScriptKind) => aiSdkModel('v4', kind) as never;
  const agent = (kind: ScriptKind) =>
    new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: model(kind), tools });
  const textModel = model('text');
  const [text, toolRun, rounds, stream] = [agent('text'), agent('tool'), agent('rounds3'), agent('stream')];
  await registerCurrentScenarios(
    'voltagent',
    {
      construct: () => new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools }),
      textRun: async () => (await text.generateText(TEXT_QUESTION, ai6)).text,
      toolRun: async () => (await toolRun.generateText(TOOL_QUESTION, ai6)).text,
      threeRounds: async () => (await rounds.generateText(ROUNDS_QUESTION, ai6)).text,
      stream: async () => readText((await stream.streamText(STREAM_QUESTION, ai6)).textStream),
      imports: ['@voltagent/core'],
    },
    ctx,
  );
}
