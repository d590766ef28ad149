/** agno in the side-by-side scenarios with the peers' newest majors, on `ScriptedModel` playing the shared script. */
import { Agent, type ModelRequest, type Tool } from '@agno/core';
import { ScriptedModel, type ScriptedReply } from '@agno/models-mock';
import type { SuiteContext } from '../../src/suite.js';
import { readText, registerCurrentScenarios } from './scenarios.js';
import {
  add,
  INSTRUCTIONS,
  nextStep,
  ROUNDS_QUESTION,
  type ScriptKind,
  STREAM_QUESTION,
  TEXT_QUESTION,
  TOOL_DESCRIPTION,
  TOOL_QUESTION,
  versionOf,
} from './script.js';

/** The framework and version measured. */
export const framework = { name: 'agno', version: versionOf('@agno/core') };

/** A scripted model whose replies come from the shared script. */
function scripted(kind: ScriptKind): ScriptedModel {
  const replies = new Map<string, ScriptedReply>();
  return new ScriptedModel({
    record: false,
    chunkSize: 1,
    respond: (request: ModelRequest) => {
      let results = 0;
      for (const m of request.messages) if (m.role === 'tool') results++;
      const step = nextStep(kind, results);
      if (step.type === 'call') return { toolCalls: [{ id: step.id, name: step.name, args: step.args }] };
      let reply = replies.get(step.text);
      if (reply === undefined) replies.set(step.text, (reply = { text: step.text }));
      return reply;
    },
  });
}

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
  const agent = (kind: ScriptKind) =>
    new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: scripted(kind), tools });
  const textModel = scripted('text');
  const [text, tool, rounds, stream] = [agent('text'), agent('tool'), agent('rounds3'), agent('stream')];
  await registerCurrentScenarios(
    'agno',
    {
      construct: () => new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools }),
      textRun: async () => (await text.run(TEXT_QUESTION)).text,
      toolRun: async () => (await tool.run(TOOL_QUESTION)).text,
      threeRounds: async () => (await rounds.run(ROUNDS_QUESTION)).text,
      stream: () => readText(stream.stream(STREAM_QUESTION, { textOnly: true })),
      imports: ['@agno/core'],
    },
    ctx,
  );
}
