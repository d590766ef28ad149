/**
 * @agno/workflow: engine overhead with no-op function steps, fan-out, DAG scheduling and a
 * team round on the scripted model (issue 6).
 */
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { dag, parallel, step, Team, Workflow } from '@agno/workflow';
import { bench, do_not_optimize } from 'mitata';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

const SEQUENCE_STEPS = 1_000;
const FAN_OUT = 100;
const DAG_STEPS = 1_000;

/** Targets from issue 6 (times in ns). */
export const budgets: Budgets = {
  'workflow/sequence-1000-noop': {
    maxNs: 1_000_000,
    note: 'workflow.run of 1,000 no-op function steps in a sequence',
  },
  'workflow/sequence/per-step': {
    maxNs: 1_000,
    note: 'median of sequence-1000-noop / 1,000: engine cost per step',
  },
  'workflow/run-1-noop': { maxNs: 5_000, note: 'workflow.run of one no-op step: the fixed cost of a run' },
  'workflow/parallel-100-noop': { maxNs: 200_000, note: 'fan-out of 100 no-op steps in one parallel group' },
  'workflow/dag-1000-noop': {
    maxNs: 2_000_000,
    note: 'scheduling a 1,000-step DAG (layers of 10, each step after the 10 above)',
  },
  'workflow/stream-sequence-100-noop': {
    maxNs: 500_000,
    note: 'workflow.stream of 100 no-op steps, every event consumed',
  },
  'workflow/team-collaborate-round': {
    maxNs: 60_000,
    note: '3 members answer at once, the leader merges (scripted model)',
  },
  'workflow/team-route-round': {
    maxNs: 30_000,
    note: 'the leader routes to one of 3 members (scripted model)',
  },
};

function noop(name: string) {
  return step(name, () => undefined);
}

function names(n: number, prefix: string): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** Registers the workflow benchmarks. */
export default async function register(_ctx: SuiteContext): Promise<void> {
  const sequenceWorkflow = new Workflow({ name: 'seq', steps: names(SEQUENCE_STEPS, 's').map(noop) });
  bench('workflow/sequence-1000-noop', async () => do_not_optimize(await sequenceWorkflow.run(undefined)));

  const one = new Workflow({ name: 'one', steps: [noop('only')] });
  bench('workflow/run-1-noop', async () => do_not_optimize(await one.run(undefined)));

  const fanOut = new Workflow({ name: 'fan', steps: [parallel('fan', names(FAN_OUT, 'p').map(noop))] });
  bench('workflow/parallel-100-noop', async () => do_not_optimize(await fanOut.run(undefined)));

  // Layers of 10 steps; each step depends on every step of the layer above.
  const width = 10;
  const entries = names(DAG_STEPS, 'd').map((name, i) => {
    const layer = Math.floor(i / width);
    const dependsOn = layer === 0 ? [] : names(width, 'd').map((_, j) => `d${(layer - 1) * width + j}`);
    return { step: noop(name), dependsOn };
  });
  const graph = new Workflow({ name: 'dag', steps: [dag('graph', entries)] });
  bench('workflow/dag-1000-noop', async () => do_not_optimize(await graph.run(undefined)));

  const streamed = new Workflow({ name: 'streamed', steps: names(100, 's').map(noop) });
  bench('workflow/stream-sequence-100-noop', async () => {
    const stream = streamed.stream(undefined);
    let n = 0;
    for await (const _ of stream) n++;
    do_not_optimize(n);
    do_not_optimize(await stream.result);
  });

  const member = (name: string) =>
    new Agent({
      name,
      description: `answers about ${name}`,
      model: new ScriptedModel({ turns: [`${name} says hi`], record: false }),
    });
  const collaborate = new Team({
    name: 'collab',
    mode: 'collaborate',
    leader: new Agent({ name: 'lead', model: new ScriptedModel({ turns: ['merged'], record: false }) }),
    members: [member('a'), member('b'), member('c')],
  });
  bench('workflow/team-collaborate-round', async () => do_not_optimize(await collaborate.run('question')));

  const route = new Team({
    name: 'route',
    mode: 'route',
    leader: new Agent({ name: 'lead', model: new ScriptedModel({ turns: ['b'], record: false }) }),
    members: [member('a'), member('b'), member('c')],
  });
  bench('workflow/team-route-round', async () => do_not_optimize(await route.run('question')));

  figure('workflow/sequence/per-step', (ctx) => {
    const stats = ctx.stats('workflow/sequence-1000-noop');
    return {
      value: stats.p50 / SEQUENCE_STEPS,
      unit: 'ns',
      note: `median run of ${SEQUENCE_STEPS} steps / ${SEQUENCE_STEPS}`,
    };
  });
}
