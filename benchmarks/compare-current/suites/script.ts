/**
 * The script every framework's offline mock model plays, whatever its interface: what the
 * model says next is decided by the scenario and the number of tool results already in the
 * conversation (so concurrent runs on one model stay correct), and every call is counted.
 * The questions, answers and the `add` tool are those of the Node 20 side-by-side
 * (`../../compare/suites/scenarios.ts`).
 */
import {
  versionOf as compareVersionOf,
  TEXT_ANSWER,
  TOOL_ANSWER,
  TOOL_CALL,
} from '../../compare/suites/scenarios.js';

export {
  add,
  INSTRUCTIONS,
  TEXT_ANSWER,
  TEXT_QUESTION,
  TOOL_ANSWER,
  TOOL_CALL,
  TOOL_DESCRIPTION,
  TOOL_QUESTION,
  toolCalls,
} from '../../compare/suites/scenarios.js';

/** The version of a package installed for these suites (this package's, not the Node 20 side-by-side's). */
export function versionOf(pkg: string): string {
  return compareVersionOf(pkg, import.meta.url);
}

/** The kinds of mock model: a text reply, one tool round, three tool rounds, a 200-delta stream. */
export type ScriptKind = 'text' | 'tool' | 'rounds3' | 'stream';

/** The question of the three-round run. */
export const ROUNDS_QUESTION = 'Add three pairs.';
/** The tool calls of the three-round run, one per round. */
export const ROUNDS_CALLS = [
  { a: 1, b: 2 },
  { a: 3, b: 4 },
  { a: 5, b: 6 },
] as const;
/** The answer after the third tool result. */
export const ROUNDS_ANSWER = 'The sums are 3, 7 and 11.';
/** The question of the stream. */
export const STREAM_QUESTION = 'Stream.';
/** Deltas in the stream. */
export const STREAM_DELTAS = 200;
/** One delta's text. */
export const STREAM_DELTA = 'x';
/** The streamed answer (the deltas joined). */
export const STREAM_ANSWER = STREAM_DELTA.repeat(STREAM_DELTAS);
/** Runs started at once in the concurrent scenario. */
export const CONCURRENT_RUNS = 50;

/** Counts model calls (every framework's mock model adds one per call). */
export const modelCalls = { count: 0 };

/** What the mock model says next: a text (streamed as `deltas` deltas) or one tool call. */
export type Step =
  | { type: 'text'; text: string; deltas: readonly string[] }
  | { type: 'call'; id: string; name: string; args: { a: number; b: number }; json: string };

let ids = 0;
const single = (text: string) => ({ type: 'text', text, deltas: [text] }) as const;
const TEXT = single(TEXT_ANSWER);
const TOOL_DONE = single(TOOL_ANSWER);
const ROUNDS_DONE = single(ROUNDS_ANSWER);
const STREAM: Step = {
  type: 'text',
  text: STREAM_ANSWER,
  deltas: Array.from({ length: STREAM_DELTAS }, () => STREAM_DELTA),
};

function call(args: { a: number; b: number }): Step {
  return { type: 'call', id: `call_${++ids}`, name: TOOL_CALL.name, args, json: JSON.stringify(args) };
}

/** The next step of `kind` after `toolResults` tool results in the conversation; counts the call. */
export function nextStep(kind: ScriptKind, toolResults: number): Step {
  modelCalls.count++;
  switch (kind) {
    case 'text':
      return TEXT;
    case 'stream':
      return STREAM;
    case 'tool':
      return toolResults === 0 ? call(TOOL_CALL.args) : TOOL_DONE;
    case 'rounds3': {
      const args = ROUNDS_CALLS[toolResults];
      return args === undefined ? ROUNDS_DONE : call(args);
    }
  }
}
