/**
 * The checks of the side-by-side with the newest majors (`compare-current/suites/scenarios.ts`):
 * a framework that answers wrongly, skips a tool call or streams the wrong number of deltas gets
 * no figure for that scenario, its row carries the reason, and its other scenarios still run.
 */
import { describe, expect, it } from 'vitest';
import { registerCurrentScenarios } from '../compare-current/suites/scenarios.js';
import { add, nextStep, type ScriptKind, STREAM_ANSWER } from '../compare-current/suites/script.js';
import { takeFigures } from './suite.js';

/** The smallest agent loop on the shared script: calls the tool unless `skipTools`. */
function loop(kind: ScriptKind, skipTools = false) {
  return async () => {
    for (let results = 0; ; results++) {
      const step = nextStep(kind, results);
      if (step.type === 'text') return step.text;
      if (!skipTools) add(step.args.a, step.args.b);
    }
  };
}

describe('registerCurrentScenarios', () => {
  it('gives a scenario with a wrong answer, a missed tool call or a short stream a failed row, and keeps the rest', async () => {
    takeFigures();
    await registerCurrentScenarios(
      'fake',
      {
        construct: () => ({}),
        textRun: async () => `${await loop('text')()}!`,
        toolRun: loop('tool'),
        threeRounds: loop('rounds3', true),
        stream: async () => ({ text: await loop('stream')(), deltas: 1 }),
        imports: ['node:path'],
        cwd: process.cwd(),
        unsupported: { 'tool-run-x50': 'needs a service' },
      },
      { mode: 'short' },
    );
    const figures = takeFigures();
    const failed: Record<string, string> = {};
    for (const f of figures) {
      if (f.name.endsWith('/agent-retained') || f.name.includes('/import-')) continue;
      try {
        await f.compute({} as never);
      } catch (error) {
        failed[f.name] = (error as Error).message;
      }
    }
    expect(failed).toEqual({
      'compare-current/fake/text-run': 'fake text-run: answered "Hello there.!", not "Hello there."',
      'compare-current/fake/tool-3-rounds': 'fake tool-3-rounds: made 0 tool calls, not 3',
      'compare-current/fake/tool-run-x50': 'fake tool-run-x50: needs a service',
      'compare-current/fake/stream-200-deltas': 'fake stream-200-deltas: read 1 text deltas, not 200',
    });
    expect(STREAM_ANSWER).toHaveLength(200);
    // The scenarios that passed are timed benchmarks, not figures; the memory and import figures are there.
    expect(figures.map((f) => f.name)).not.toContain('compare-current/fake/tool-run');
    expect(figures.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'compare-current/fake/agent-retained',
        'compare-current/fake/import-time',
        'compare-current/fake/import-heap',
      ]),
    );
  });
});
