/** A run's timeline: rows per model call, tool call and step, totals, and costs from a price table. */
import { describe, expect, it } from 'vitest';
import { costOf } from '../../src/prices.js';
import { newRun } from './run-view.js';
import { formatCost, formatMs, timelineOf } from './timeline.js';

describe('timelineOf', () => {
  const view = newRun({ kind: 'agent', name: 'a' }, 'x');
  view.modelCalls = [
    {
      source: undefined,
      round: 0,
      durationMs: 200,
      model: 'openai:gpt',
      usage: { inputTokens: 1000, outputTokens: 100, totalTokens: 1100 },
    },
    {
      source: { agent: 'helper' },
      round: 0,
      durationMs: 100,
      model: 'mock:x',
      usage: { inputTokens: 500, outputTokens: 50, totalTokens: 550, cachedInputTokens: 400 },
    },
  ];
  view.items = [
    {
      type: 'tool',
      source: undefined,
      id: 'c',
      name: 'lookup',
      args: {},
      status: 'error',
      errorCode: 'timeout',
      durationMs: 30,
    },
  ];
  view.error = { code: 'model_error', message: 'down' };

  it('prices each call by its model, `*` for the rest, cached input at its own price', () => {
    const t = timelineOf(view, {
      'openai:gpt': { input: 2, output: 8 },
      '*': { input: 1, output: 4, cachedInput: 0.1 },
    });
    expect(t.rows.map((r) => [r.kind, r.label, r.who, r.durationMs, r.code])).toEqual([
      ['model', 'model call 1 · openai:gpt', undefined, 200, undefined],
      ['model', 'model call 2 · mock:x', 'helper', 100, undefined],
      ['tool', 'tool lookup', undefined, 30, 'timeout'],
      ['error', 'down', undefined, undefined, 'model_error'],
    ]);
    expect(t.rows[0]!.cost).toBeCloseTo((1000 * 2 + 100 * 8) / 1e6);
    expect(t.rows[1]!.cost).toBeCloseTo((100 * 1 + 400 * 0.1 + 50 * 4) / 1e6);
    expect(t.cost).toBeCloseTo(t.rows[0]!.cost! + t.rows[1]!.cost!);
    expect(t.totalMs).toBe(330);
    expect(t.usage).toEqual({ inputTokens: 1500, outputTokens: 150, totalTokens: 1650 });
  });

  it('has no cost without a price for every call', () => {
    expect(timelineOf(view, undefined).cost).toBeUndefined();
    expect(timelineOf(view, { 'openai:gpt': { input: 2, output: 8 } }).cost).toBeUndefined();
    expect(
      costOf({ 'a:b': { input: 1, output: 1 } }, 'c:d', { inputTokens: 1, outputTokens: 1 }),
    ).toBeUndefined();
  });

  it('formats durations and small costs', () => {
    expect([formatMs(850.4), formatMs(1234), formatMs(12_345), formatMs(undefined)]).toEqual([
      '850 ms',
      '1.23 s',
      '12.3 s',
      '–',
    ]);
    expect([formatCost(0.000123), formatCost(1.5), formatCost(0), formatCost(undefined)]).toEqual([
      '$0.000123',
      '$1.50',
      '$0',
      '',
    ]);
  });
});
