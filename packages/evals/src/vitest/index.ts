/**
 * @agno/evals/vitest: an eval as a vitest suite. `describeEval(name, { agent, dataset,
 * scorers, threshold })` registers one test per case and a last test that holds the whole eval
 * to its threshold; the cases run once, concurrently, before the tests read their outcomes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../format.js';
import type { CaseReport, EvalReport } from '../report.js';
import { casesOf, type EvalDefinition, runEval, thresholdOf } from '../run-eval.js';

/** Options of {@link describeEval}: an eval definition without its name, and how cases are judged. */
export interface DescribeEvalOptions extends Omit<EvalDefinition, 'name'> {
  /**
   * Whether a case that does not pass fails its own test. Default: true without a threshold;
   * with one, only the threshold test fails (a case below the bar is annotated instead).
   */
  caseMustPass?: boolean;
  /** Time for the whole eval to run, milliseconds (default 600000). */
  suiteTimeoutMs?: number;
  /** Called with the report once the eval ran (to print it, or write it to the history). */
  onReport?: (report: EvalReport) => void | Promise<void>;
}

function why(c: CaseReport): string {
  if (c.error) return `${c.error.code}: ${c.error.message}`;
  return c.scores
    .filter((s) => !s.passed)
    .map((s) => `${s.scorer}: ${s.reason ?? `score ${s.score}`}`)
    .join('; ');
}

/** Registers the eval as a vitest suite named `name`. */
export function describeEval(name: string, options: DescribeEvalOptions): void {
  const cases = casesOf(options);
  const threshold = thresholdOf(options.threshold);
  const mustPass = options.caseMustPass ?? threshold === undefined;
  describe(name, () => {
    let report: EvalReport | undefined;
    beforeAll(async () => {
      report = await runEval({ ...options, name, dataset: cases });
      await options.onReport?.(report);
    }, options.suiteTimeoutMs ?? 600_000);

    cases.forEach((c, i) => {
      it(c.id ?? `case-${i + 1}`, async ({ annotate }) => {
        const r = report!.cases[i]!;
        if (r.status === 'passed') return;
        if (mustPass) expect.fail(`${r.status}: ${why(r)}`);
        await annotate(`${r.status}: ${why(r)}`, 'warning');
      });
    });

    it('meets the threshold', () => {
      if (!report!.passed) expect.fail(`the eval is below its threshold\n${formatReport(report!)}`);
    });
  });
}
