/**
 * Timing semantics, asserted through the order of events and overlap (never wall-clock budgets):
 * independent steps overlap in parallel and do not in sequence; a DAG runs independent steps at once.
 */
import { describe, expect, it } from 'vitest';
import { drain, overlap, slowAgent, trace } from './fixtures/index.js';
import { dag, parallel, step, Workflow, type WorkflowEvent } from './index.js';

const DELAY = 40;

describe('timing', () => {
  it('three independent agent steps overlap in parallel', async () => {
    const wf = new Workflow({
      name: 'fan',
      steps: [
        parallel('all', [slowAgent('a', 'A', DELAY), slowAgent('b', 'B', DELAY), slowAgent('c', 'C', DELAY)]),
      ],
    });
    const { events, result } = await drain(wf.stream('go'));
    expect(overlap(events, 'all/a', 'all/b')).toBe(true);
    expect(overlap(events, 'all/b', 'all/c')).toBe(true);
    expect(overlap(events, 'all/a', 'all/c')).toBe(true);
    // every start precedes every completion
    const t = trace(events).filter((x) => x.includes('all/'));
    expect(t.slice(0, 3).every((x) => x.startsWith('start:'))).toBe(true);
    expect((result as { output: unknown }).output).toEqual({ a: 'A', b: 'B', c: 'C' });
  });

  it('the same three steps do not overlap in a sequence', async () => {
    const wf = new Workflow({
      name: 'line',
      steps: [slowAgent('a', 'A', DELAY), slowAgent('b', 'B', DELAY), slowAgent('c', 'C', DELAY)],
    });
    const { events } = await drain(wf.stream('go'));
    expect(overlap(events, 'a', 'b')).toBe(false);
    expect(overlap(events, 'b', 'c')).toBe(false);
    expect(trace(events)).toEqual(['start:a', 'done:a', 'start:b', 'done:b', 'start:c', 'done:c']);
  });

  it('a DAG runs steps 2 and 3 together after step 1, and step 4 after both', async () => {
    const wf = new Workflow({
      name: 'graph',
      steps: [
        dag('g', [
          slowAgent('one', '1', DELAY),
          { step: slowAgent('two', '2', DELAY), dependsOn: ['one'] },
          { step: slowAgent('three', '3', DELAY), dependsOn: ['one'] },
          { step: step('four', (ctx) => ctx.previous), dependsOn: ['two', 'three'] },
        ]),
      ],
    });
    const { events, result } = await drain(wf.stream('go'));
    const at = (type: WorkflowEvent['type'], path: string) =>
      events.findIndex((e) => e.type === type && (e as { path?: string }).path === path);
    expect(overlap(events, 'g/two', 'g/three')).toBe(true);
    expect(overlap(events, 'g/one', 'g/two')).toBe(false);
    expect(overlap(events, 'g/one', 'g/three')).toBe(false);
    expect(at('step-completed', 'g/one')).toBeLessThan(at('step-started', 'g/two'));
    expect(at('step-started', 'g/four')).toBeGreaterThan(at('step-completed', 'g/two'));
    expect(at('step-started', 'g/four')).toBeGreaterThan(at('step-completed', 'g/three'));
    // a step with several dependencies gets their outputs by name
    expect((result as { outputs: Record<string, unknown> }).outputs.four).toEqual({ two: '2', three: '3' });
  });

  it('a parallel group never runs more than its concurrency at once', async () => {
    let running = 0;
    let most = 0;
    const work = (name: string) =>
      step(name, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return name;
      });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const wf = new Workflow({ name: 'bounded', steps: [parallel('p', names.map(work), { concurrency: 2 })] });
    const { events, result } = await drain(wf.stream(undefined));
    expect(most).toBe(2);
    // a third step starts only after one of the first two completed
    const t = trace(events).filter((x) => x.includes('p/'));
    expect(t.slice(0, 3)).toEqual(['start:p/a', 'start:p/b', expect.stringMatching(/^done:p\/[ab]$/)]);
    expect(Object.keys((result as { output: object }).output)).toEqual(names);
  });

  it('a DAG respects its concurrency bound too', async () => {
    let running = 0;
    let most = 0;
    const work = (name: string) =>
      step(name, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      });
    const wf = new Workflow({
      name: 'bounded-dag',
      steps: [dag('g', ['a', 'b', 'c', 'd'].map(work), { concurrency: 3 })],
    });
    await wf.run(undefined);
    expect(most).toBe(3);
  });
});
