import { describe, expect, it } from 'vitest';
import { REASONING_BUDGETS, reasoningBudget, reasoningEffort } from './reasoning.js';

describe('reasoningEffort', () => {
  it('keeps a given effort, even beside a budget', () => {
    expect(reasoningEffort({ effort: 'low', budgetTokens: 20_000 })).toBe('low');
  });

  it('takes the level nearest to a budget', () => {
    const cases: Array<[number, string]> = [
      [0, 'none'],
      [300, 'minimal'],
      [1024, 'low'],
      [2047, 'low'],
      [2048, 'medium'],
      [4096, 'medium'],
      [8192, 'high'],
      [64_000, 'high'],
    ];
    for (const [budgetTokens, effort] of cases) expect(reasoningEffort({ budgetTokens })).toBe(effort);
  });

  it('is undefined when neither is given', () => {
    expect(reasoningEffort({ includeText: false })).toBeUndefined();
  });
});

describe('reasoningBudget', () => {
  it('keeps a given budget, else maps the effort', () => {
    expect(reasoningBudget({ effort: 'high', budgetTokens: 3000 })).toBe(3000);
    expect(reasoningBudget({ effort: 'medium' })).toBe(4096);
    expect(reasoningBudget({})).toBeUndefined();
  });

  it('round-trips every level through its budget', () => {
    for (const [effort, budgetTokens] of Object.entries(REASONING_BUDGETS))
      expect(reasoningEffort({ budgetTokens })).toBe(effort);
  });
});
