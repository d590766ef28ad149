/**
 * The floors of the core benchmarks: what any agent loop must do on the same scripted model,
 * and nothing more, measured in the same process so that each run figure reads as a multiple
 * of its floor (`core/<benchmark>/x-floor`).
 */
import type { Message, Model, ModelRequest, Tool, ToolContext, ToolSpec } from '@agno/core';

/** The instructions of every agent of the suite and of the floors. */
export const INSTRUCTIONS = 'Be brief.';

/**
 * The floor of a run: what any agent loop must do on the same model, and nothing more — build
 * the request (a copy of the conversation, the tool specs), await the model, run the tools it
 * asks for, build the result. Each run benchmark reads as a multiple of its floor.
 */
export async function bareRun(
  model: Model,
  input: string,
  tools?: ReadonlyMap<string, Tool>,
  specs?: ToolSpec[],
) {
  const messages: Message[] = [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: input },
  ];
  for (;;) {
    const request: ModelRequest = { messages: messages.slice() };
    if (specs !== undefined) request.tools = specs;
    const response = await model.generate(request);
    const calls = response.toolCalls ?? [];
    if (calls.length === 0) {
      messages.push({ role: 'assistant', content: response.text });
      return { text: response.text, messages: messages.slice(1), usage: response.usage };
    }
    messages.push({ role: 'assistant', content: response.text, toolCalls: calls });
    for (const call of calls) {
      let value = tools!.get(call.name)!.execute(call.args as never, BARE_CONTEXT);
      if (value instanceof Promise) value = await value;
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        toolName: call.name,
        content: JSON.stringify(value),
      });
    }
  }
}

/**
 * The floor of a stream: the consumer reads the model's stream itself (nothing between them) and
 * counts the text of its deltas — the request built, every delta received, nothing else.
 */
export async function bareStream(model: Model, input: string): Promise<number> {
  const messages: Message[] = [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: input },
  ];
  let chars = 0;
  for await (const event of model.stream({ messages: messages.slice() })) {
    if (event.type === 'text-delta') chars += event.text.length;
  }
  return chars;
}

const BARE_CONTEXT = { runId: 'bare', toolCallId: 'bare' } as unknown as ToolContext;
