/**
 * The floors of the core benchmarks: what any agent loop must do on the same scripted model,
 * and nothing more, measured in the same process so that each run figure reads as a multiple
 * of its floor (`core/<benchmark>/x-floor`).
 */
import {
  Channel,
  type Message,
  type Model,
  type ModelRequest,
  type ModelStreamEvent,
  type TextDeltaEvent,
  type Tool,
  type ToolContext,
  type ToolSpec,
} from '@agno/core';

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

/**
 * The floor of any relay between a model stream and its consumer: one callback per model event
 * asks for the next event and hands a `text-delta` event to a bounded channel, which the consumer
 * reads — the least a run can do to let the consumer set the pace and stop it. It costs a second
 * promise hop per delta over {@link bareStream}; a run's stream reads as a multiple of it
 * (`x-relay`).
 */
export async function relayedStream(model: Model, input: string): Promise<number> {
  const channel = new Channel<TextDeltaEvent>(64);
  const it = model
    .stream({
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: input },
      ],
    })
    [Symbol.asyncIterator]();
  const fail = (error: unknown) => channel.end(error);
  const onEvent = (r: IteratorResult<ModelStreamEvent>): void => {
    if (r.done === true) {
      channel.end();
      return;
    }
    it.next().then(onEvent, fail);
    const e = r.value;
    if (e.type === 'text-delta') channel.push({ type: 'text-delta', runId: 'relay', text: e.text });
  };
  it.next().then(onEvent, fail);
  let chars = 0;
  for await (const e of channel) chars += e.text.length;
  return chars;
}

const BARE_CONTEXT = { runId: 'bare', toolCallId: 'bare' } as unknown as ToolContext;
