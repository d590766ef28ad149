/** agno in the side-by-side scenarios, on the scripted model. */
import { Agent, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
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
export const framework = { name: 'agno', version: versionOf('@agno/core') };

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const addTool: Tool<{ a: number; b: number }, number> = {
    name: 'add',
    description: TOOL_DESCRIPTION,
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
    execute: ({ a, b }) => add(a, b),
  };
  const tools = [addTool];
  const textModel = new ScriptedModel({ turns: [TEXT_ANSWER], record: false });
  const toolModel = new ScriptedModel({
    turns: [{ toolCalls: [{ name: TOOL_CALL.name, args: TOOL_CALL.args }] }, TOOL_ANSWER],
    record: false,
  });
  const textAgent = new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools });
  const toolAgent = new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: toolModel, tools });
  await registerScenarios(
    'agno',
    {
      construct: () => new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools }),
      textRun: async () => (await textAgent.run(TEXT_QUESTION)).text,
      toolRun: async () => (await toolAgent.run(TOOL_QUESTION)).text,
    },
    ctx,
  );
}
