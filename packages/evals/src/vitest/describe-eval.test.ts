/**
 * describeEval as a user's test run sees it: a fixture eval file run by a nested vitest,
 * its test tree and outcomes read back.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Task {
  name: string;
  type: string;
  tasks?: Task[];
  result?: { state?: string; errors?: { message: string }[] };
  annotations?: { message: string; type: string }[];
}

function leaves(
  task: Task,
  prefix = '',
): { name: string; state?: string; error?: string; notes: string[] }[] {
  const name = prefix === '' ? task.name : `${prefix} > ${task.name}`;
  if (task.tasks) return task.tasks.flatMap((t) => leaves(t, task.type === 'suite' ? name : ''));
  return [
    {
      name,
      state: task.result?.state,
      error: task.result?.errors?.[0]?.message,
      notes: (task.annotations ?? []).map((a) => `${a.type}: ${a.message}`),
    },
  ];
}

describe('describeEval', () => {
  it('registers a test per case and a threshold test; failing cases fail only without a threshold', async () => {
    const vitest = await startVitest('test', [], {
      root,
      config: fileURLToPath(new URL('../../vitest.config.ts', import.meta.url)),
      include: ['src/fixtures/vitest/*.eval.ts'],
      watch: false,
      reporters: [{}], // silent, and no JSON report over the outer run's
    });
    await vitest.close();
    const file = vitest.state.getFiles()[0] as unknown as Task;
    const results = file
      .tasks!.flatMap((t) => leaves(t))
      .map(({ name, state, error, notes }) => [name, state, error?.split('\n')[0], notes]);
    expect(results).toEqual([
      ['with threshold > a', 'pass', undefined, []],
      ['with threshold > b', 'pass', undefined, []],
      ['with threshold > wrong', 'pass', undefined, ['warning: failed: exact: expected "Z", got "C"']],
      ['with threshold > meets the threshold', 'pass', undefined, []],
      ['without threshold > a', 'pass', undefined, []],
      ['without threshold > b', 'pass', undefined, []],
      ['without threshold > wrong', 'fail', 'failed: exact: expected "Z", got "C"', []],
      ['without threshold > meets the threshold', 'fail', 'the eval is below its threshold', []],
      ['below threshold > a', 'pass', undefined, []],
      ['below threshold > b', 'pass', undefined, []],
      ['below threshold > wrong', 'pass', undefined, ['warning: failed: exact: expected "Z", got "C"']],
      ['below threshold > meets the threshold', 'fail', 'the eval is below its threshold', []],
    ]);
    process.exitCode = 0; // the nested run's failures are the point, not this run's
  }, 120_000);
});
