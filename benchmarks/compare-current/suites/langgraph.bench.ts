/**
 * LangGraph (`@langchain/langgraph` 1.x on `@langchain/core` 1.x) in the side-by-side scenarios
 * with the peers' newest majors: its prebuilt ReAct agent (`createReactAgent`, which LangGraph
 * 1.x marks as moved to the `langchain` package; that package is not installed here) on an
 * offline chat model playing the shared script. Streams read `streamMode: 'messages'`.
 */
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { z } from 'zod';
import type { SuiteContext } from '../../src/suite.js';
import { registerCurrentScenarios } from './scenarios.js';
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
export const framework = { name: 'langgraph', version: versionOf('@langchain/langgraph') };

/** A chat model that plays the script of `kind`; binding tools changes nothing (the script knows the tool). */
class ScriptedChatModel extends BaseChatModel {
  constructor(private readonly kind: ScriptKind) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  override bindTools(): this {
    return this;
  }

  private step(messages: BaseMessage[]): Step {
    let results = 0;
    for (const m of messages) if (m.getType() === 'tool') results++;
    return nextStep(this.kind, results);
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const step = this.step(messages);
    const message =
      step.type === 'call'
        ? new AIMessage({
            content: '',
            tool_calls: [{ id: step.id, name: step.name, args: step.args, type: 'tool_call' }],
          })
        : new AIMessage(step.text);
    return { generations: [{ text: step.type === 'text' ? step.text : '', message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const step = this.step(messages);
    if (step.type === 'call') {
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
          content: '',
          tool_call_chunks: [
            { id: step.id, name: step.name, args: step.json, index: 0, type: 'tool_call_chunk' },
          ],
        }),
      });
      return;
    }
    for (const delta of step.deltas) {
      const chunk = new ChatGenerationChunk({ text: delta, message: new AIMessageChunk({ content: delta }) });
      yield chunk;
      await runManager?.handleLLMNewToken(delta, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}

/** The text of a run's last message. */
function lastText(state: { messages: BaseMessage[] }): string {
  const content = state.messages.at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

/** Registers the scenarios. */
export default async function register(ctx: SuiteContext): Promise<void> {
  const addTool = tool(async ({ a, b }: { a: number; b: number }) => add(a, b), {
    name: 'add',
    description: TOOL_DESCRIPTION,
    schema: z.object({ a: z.number(), b: z.number() }),
  });
  const tools = [addTool];
  const agent = (kind: ScriptKind) =>
    createReactAgent({ name: 'calculator', prompt: INSTRUCTIONS, llm: new ScriptedChatModel(kind), tools });
  const textModel = new ScriptedChatModel('text');
  const [text, toolRun, rounds, stream] = [agent('text'), agent('tool'), agent('rounds3'), agent('stream')];
  const input = (content: string) => ({ messages: [{ role: 'user', content }] });
  await registerCurrentScenarios(
    'langgraph',
    {
      construct: () => createReactAgent({ name: 'calculator', prompt: INSTRUCTIONS, llm: textModel, tools }),
      textRun: async () => lastText(await text.invoke(input(TEXT_QUESTION))),
      toolRun: async () => lastText(await toolRun.invoke(input(TOOL_QUESTION))),
      threeRounds: async () => lastText(await rounds.invoke(input(ROUNDS_QUESTION))),
      stream: async () => {
        let out = '';
        let deltas = 0;
        for await (const [chunk] of await stream.stream(input(STREAM_QUESTION), { streamMode: 'messages' })) {
          if (typeof chunk.content !== 'string' || chunk.content === '' || chunk.getType() !== 'ai') continue;
          out += chunk.content;
          deltas++;
        }
        return { text: out, deltas };
      },
      imports: [
        '@langchain/core/language_models/chat_models',
        '@langchain/core/messages',
        '@langchain/core/outputs',
        '@langchain/core/tools',
        '@langchain/langgraph/prebuilt',
      ],
    },
    ctx,
  );
}
