/**
 * An offline model in the AI SDK's provider interface (LanguageModelV2, V3 or V4), playing
 * the shared script: the AI SDK, Mastra and VoltAgent all take such a model. It answers
 * `doGenerate` and `doStream` without I/O; a stream hands out its prepared parts.
 */
import { nextStep, type ScriptKind, type Step } from './script.js';

/** The provider specification versions the frameworks accept. */
export type AiSdkSpec = 'v2' | 'v3' | 'v4';

interface Prompt {
  prompt: { role: string; content: unknown }[];
}

/** Tool results in the prompt (the script's position). */
function toolResults(options: Prompt): number {
  let n = 0;
  for (const m of options.prompt) {
    if (m.role !== 'tool' || !Array.isArray(m.content)) continue;
    for (const part of m.content as { type: string }[]) if (part.type === 'tool-result') n++;
  }
  return n;
}

/** The usage and finish reason in the shape of `spec`. */
function ending(spec: AiSdkSpec, reason: 'stop' | 'tool-calls') {
  if (spec === 'v2')
    return { finishReason: reason, usage: { inputTokens: 8, outputTokens: 4, totalTokens: 12 } };
  return {
    finishReason: { unified: reason, raw: reason === 'stop' ? 'stop' : 'tool_calls' },
    usage: {
      inputTokens: { total: 8, noCache: 8, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 4, text: 4, reasoning: undefined },
    },
  };
}

function toolCall(step: Extract<Step, { type: 'call' }>) {
  return { type: 'tool-call', toolCallId: step.id, toolName: step.name, input: step.json };
}

/** The parts of a streamed reply. */
function streamParts(spec: AiSdkSpec, step: Step): unknown[] {
  const parts: unknown[] = [{ type: 'stream-start', warnings: [] }];
  if (step.type === 'call') {
    parts.push(toolCall(step), { type: 'finish', ...ending(spec, 'tool-calls') });
    return parts;
  }
  parts.push({ type: 'text-start', id: 't' });
  for (const delta of step.deltas) parts.push({ type: 'text-delta', id: 't', delta });
  parts.push({ type: 'text-end', id: 't' }, { type: 'finish', ...ending(spec, 'stop') });
  return parts;
}

/** A model of `spec` that plays the script of `kind` (typed loosely: each framework casts it to its own type). */
export function aiSdkModel(spec: AiSdkSpec, kind: ScriptKind) {
  return {
    specificationVersion: spec,
    provider: 'mock',
    modelId: 'scripted',
    supportedUrls: {},
    async doGenerate(options: Prompt) {
      const step = nextStep(kind, toolResults(options));
      const content = step.type === 'call' ? [toolCall(step)] : [{ type: 'text', text: step.text }];
      return { content, ...ending(spec, step.type === 'call' ? 'tool-calls' : 'stop'), warnings: [] };
    },
    async doStream(options: Prompt) {
      const parts = streamParts(spec, nextStep(kind, toolResults(options)));
      let i = 0;
      return {
        stream: new ReadableStream({
          pull(controller) {
            if (i < parts.length) controller.enqueue(parts[i++]);
            else controller.close();
          },
        }),
      };
    },
  };
}
