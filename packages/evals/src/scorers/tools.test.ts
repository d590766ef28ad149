import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { runEval } from '../run-eval.js';
import { toolCalls } from './tools.js';

const obj = { type: 'object' };

/** An agent that calls lookup(Oslo), then weather(Oslo, metric), then answers. */
function travelAgent(): Agent {
  const model = new ScriptedModel({
    turns: [
      { toolCalls: [{ name: 'lookup', args: { city: 'Oslo', country: 'NO' } }] },
      { toolCalls: [{ name: 'weather', args: { city: 'Oslo', units: { temp: 'C', wind: 'm/s' } } }] },
      'Sunny in Oslo.',
    ],
  });
  const tool = (name: string) => ({ name, description: name, parameters: obj, execute: () => 'ok' });
  return new Agent({ name: 'travel', model, tools: [tool('lookup'), tool('weather'), tool('book')] });
}

async function score(scorer: ReturnType<typeof toolCalls>, expectedTools?: unknown[]) {
  const report = await runEval({
    name: 'tools',
    agent: travelAgent(),
    dataset: [{ input: 'Weather in Oslo?', expectedTools: expectedTools as never }],
    scorers: [scorer],
  });
  return report.cases[0]!;
}

describe('tool-call reliability', () => {
  it('in order, with deep partial arguments', async () => {
    const c = await score(toolCalls(), ['lookup', { name: 'weather', args: { units: { temp: 'C' } } }]);
    expect(c).toMatchObject({ status: 'passed', score: 1 });
    expect(c.toolCalls!.map((t) => t.name)).toEqual(['lookup', 'weather']);
  });

  it('out of order fails when ordered and passes in any order', async () => {
    const expected = ['weather', 'lookup'];
    const ordered = await score(toolCalls(), expected);
    expect(ordered.status).toBe('failed');
    expect(ordered.score).toBe(0.5);
    expect(ordered.scores[0]!.reason).toContain('in order');
    const any = await score(toolCalls({ ordered: false }), expected);
    expect(any).toMatchObject({ status: 'passed', score: 1 });
  });

  it('arguments that differ do not match', async () => {
    const c = await score(toolCalls({ expected: [{ name: 'weather', args: { city: 'Rome' } }] }));
    expect(c.status).toBe('failed');
    expect(c.scores[0]!.reason).toContain('called lookup({"city":"Oslo","country":"NO"})');
  });

  it('forbidden tools, too many calls and calls beyond the expected fail with score 0', async () => {
    expect((await score(toolCalls({ forbidden: ['weather'] }), ['lookup'])).scores[0]).toMatchObject({
      passed: false,
      score: 0,
      reason: 'called forbidden weather',
    });
    expect((await score(toolCalls({ maxCalls: 1 }), ['lookup'])).scores[0]!.reason).toBe(
      '2 calls, more than 1',
    );
    expect((await score(toolCalls({ exactly: true }), ['lookup'])).scores[0]!.reason).toBe(
      '1 unexpected calls',
    );
    expect((await score(toolCalls({ forbidden: ['book'], maxCalls: 2 }), ['lookup'])).status).toBe('passed');
  });

  it('each expected call needs its own call in any order', async () => {
    const c = await score(toolCalls({ ordered: false }), ['lookup', 'lookup']);
    expect(c).toMatchObject({ status: 'failed', score: 0.5 });
  });
});
