/**
 * Mastra (`@mastra/core`, the newest release that runs on Node 20: 0.24; later ones need
 * Node 22.13) in the side-by-side scenarios: its `Agent` on an offline AI SDK v2 model
 * that plays the same script.
 */
import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
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
export const framework = { name: 'mastra', version: versionOf('@mastra/core') };

const usage = { inputTokens: 8, outputTokens: 4, totalTokens: 12 };

/** An AI SDK v2 model that answers, or first calls the tool when `callTool` (Mastra streams internally). */
function scriptedModel(callTool: boolean) {
  let ids = 0;
  const parts = (prompt: { role: string }[]) => {
    const afterTool = prompt.some((m) => m.role === 'tool');
    const out: unknown[] = [{ type: 'stream-start', warnings: [] }];
    if (callTool && !afterTool) {
      out.push({
        type: 'tool-call',
        toolCallId: `call_${++ids}`,
        toolName: TOOL_CALL.name,
        input: JSON.stringify(TOOL_CALL.args),
      });
      out.push({ type: 'finish', finishReason: 'tool-calls', usage });
    } else {
      const text = callTool ? TOOL_ANSWER : TEXT_ANSWER;
      out.push(
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: text },
        { type: 'text-end', id: 't' },
      );
      out.push({ type: 'finish', finishReason: 'stop', usage });
    }
    return out;
  };
  return {
    specificationVersion: 'v2' as const,
    provider: 'mock',
    modelId: 'scripted',
    supportedUrls: {},
    async doGenerate(options: { prompt: { role: string }[] }) {
      const content = parts(options.prompt).filter((p) => {
        const type = (p as { type: string }).type;
        return type === 'tool-call';
      });
      const afterTool = options.prompt.some((m) => m.role === 'tool');
      if (content.length === 0)
        content.push({ type: 'text', text: callTool && afterTool ? TOOL_ANSWER : TEXT_ANSWER });
      return {
        content,
        finishReason: content.some((c) => (c as { type: string }).type === 'tool-call')
          ? 'tool-calls'
          : 'stop',
        usage,
        warnings: [],
      };
    },
    async doStream(options: { prompt: { role: string }[] }) {
      const list = parts(options.prompt);
      return {
        stream: new ReadableStream({
          start(controller) {
            for (const p of list) controller.enqueue(p);
            controller.close();
          },
        }),
      };
    },
  };
}

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const addTool = createTool({
    id: TOOL_CALL.name,
    description: TOOL_DESCRIPTION,
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ context }) => add(context.a, context.b),
  });
  const tools = { add: addTool };
  const textModel = scriptedModel(false) as never;
  const toolModel = scriptedModel(true) as never;
  const textAgent = new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools });
  const toolAgent = new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: toolModel, tools });
  await registerScenarios(
    'mastra',
    {
      construct: () => new Agent({ name: 'calculator', instructions: INSTRUCTIONS, model: textModel, tools }),
      textRun: async () => (await textAgent.generate(TEXT_QUESTION)).text,
      toolRun: async () => (await toolAgent.generate(TOOL_QUESTION)).text,
    },
    ctx,
  );
}
