/**
 * The side-by-side groups and what each of their scenarios is. Pure module (no Node APIs):
 * the runner, the suites and the dashboard (which explains them on the page) share it.
 */

/** One side-by-side group: a private package with its frameworks' versions. */
export interface SideBySideGroup {
  /** The folder under `benchmarks/` and the package its figures belong to. */
  folder: string;
  /** The Node major version its suites run on (the runner finds that Node); the runner's own when absent. */
  node?: number;
  /** What sets it apart, for a reader. */
  title: string;
}

/**
 * `compare` keeps the majors that run on Node 20; `compare-current` runs the peers' newest
 * majors on Node 24.
 */
export const SIDE_BY_SIDE: readonly SideBySideGroup[] = [
  { folder: 'compare', title: 'the majors that run on Node 20' },
  { folder: 'compare-current', node: 24, title: "the peers' newest majors, on Node 24" },
];

/** Whether a package holds side-by-side suites (its figures are compared with agno's). */
export function isSideBySide(pkg: string): boolean {
  return SIDE_BY_SIDE.some((g) => g.folder === pkg);
}

/** Every scenario of the side-by-side suites, in the order shown, with what it is. */
export const SCENARIOS = {
  construct: 'A new agent with a name, instructions, the mock model and one tool.',
  'agent-retained': 'Heap retained per agent, with thousands of agents kept alive.',
  'import-time':
    "Importing the framework's modules that the suite uses, in a fresh process (zod loaded first).",
  'import-heap': 'Heap retained by those imports.',
  'text-run': 'One run to a text answer: one model call, no tools.',
  'tool-run': 'One tool round, then the answer: two model calls, one tool call.',
  'tool-3-rounds': 'Three tool rounds, then the answer: four model calls, three tool calls.',
  'tool-run-x50': '50 one-tool runs started at once on one agent: 100 model calls, 50 tool calls.',
  'stream-200-deltas': 'A streamed answer of 200 text deltas, read to the end.',
} as const;

/** A scenario's name. */
export type ScenarioName = keyof typeof SCENARIOS;

/** The scenario names in the order shown. */
export const SCENARIO_ORDER = Object.keys(SCENARIOS) as ScenarioName[];
