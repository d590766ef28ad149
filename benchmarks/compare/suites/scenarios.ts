/**
 * The side-by-side scenarios, the same for every framework: construct an agent (name,
 * instructions, an offline mock model, one tool), run it to a text answer, and run it
 * through one tool round to an answer. Each framework's suite supplies the three
 * operations; this module checks that they really do the work, then registers them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, do_not_optimize } from 'mitata';
import { figure, heapPerObject, type SuiteContext } from '../../src/suite.js';

/** The agent's instructions. */
export const INSTRUCTIONS = 'You are a calculator. Answer briefly.';
/** The question of the text run. */
export const TEXT_QUESTION = 'Hi';
/** The mock model's answer in the text run. */
export const TEXT_ANSWER = 'Hello there.';
/** The question of the tool run. */
export const TOOL_QUESTION = 'What is 1 + 2?';
/** The tool call the mock model makes in the tool run. */
export const TOOL_CALL = { name: 'add', args: { a: 1, b: 2 } } as const;
/** The mock model's answer after the tool result. */
export const TOOL_ANSWER = 'It is 3.';
/** What the tool does. */
export const TOOL_DESCRIPTION = 'Adds two numbers.';

/** Counts tool executions, so that a tool run that skipped the tool is caught. */
export const toolCalls = { count: 0 };

/** The tool's body, shared by every framework. */
export function add(a: number, b: number): number {
  toolCalls.count++;
  return a + b;
}

/** What a framework's suite supplies. */
export interface Scenarios {
  /** A new agent with name, instructions, the mock model and the `add` tool. */
  construct: () => unknown;
  /** Runs an agent (without tool calls) on TEXT_QUESTION; resolves to the final text. */
  textRun: () => Promise<string>;
  /** Runs an agent whose model calls `add` once on TOOL_QUESTION; resolves to the final text. */
  toolRun: () => Promise<string>;
}

/** Checks the scenarios once, then registers `compare/<framework>/…` benchmarks and figures. */
export async function registerScenarios(framework: string, s: Scenarios, ctx: SuiteContext): Promise<void> {
  const text = await s.textRun();
  if (text !== TEXT_ANSWER) throw new Error(`${framework}: the text run answered ${JSON.stringify(text)}`);
  const before = toolCalls.count;
  const answer = await s.toolRun();
  if (answer !== TOOL_ANSWER)
    throw new Error(`${framework}: the tool run answered ${JSON.stringify(answer)}`);
  if (toolCalls.count !== before + 1)
    throw new Error(`${framework}: the tool run did not call the tool once`);

  bench(`compare/${framework}/construct`, () => do_not_optimize(s.construct()));
  bench(`compare/${framework}/text-run`, async () => do_not_optimize(await s.textRun()));
  bench(`compare/${framework}/tool-run`, async () => do_not_optimize(await s.toolRun()));
  figure(`compare/${framework}/agent-retained`, () =>
    heapPerObject(s.construct, {
      count: ctx.mode === 'full' ? 10_000 : 2_000,
      rounds: ctx.mode === 'full' ? 5 : 3,
    }),
  );
}

/** The version of an installed package, from its package.json (found from `from`: this folder by default). */
export function versionOf(pkg: string, from: string = import.meta.url): string {
  const require = createRequire(from);
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {}
  // Its package.json is not exported: look for it in the node_modules folders above `from`.
  for (let dir = dirname(fileURLToPath(from)); ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === pkg && json.version) return json.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
