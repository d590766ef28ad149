import { describe, expect, it } from 'vitest';
import { judgeBudget, judgeChange, relativeSpread } from './judge.js';

describe('judgeBudget', () => {
  it('passes a median within maxNs and an allocation within maxBytes', () => {
    const v = judgeBudget(
      { unit: 'ns', value: 8, p25: 7, p75: 9, allocBytes: 90 },
      { maxNs: 10, maxBytes: 100 },
    );
    expect(v).toEqual({ status: 'ok', target: '≤ 10 ns, ≤ 100 B/op', missed: [] });
  });

  it('fails a median over maxNs, and names what was missed', () => {
    const v = judgeBudget({ unit: 'ns', value: 14, p25: 13, p75: 15 }, { maxNs: 10 });
    expect(v.status).toBe('over');
    expect(v.missed).toEqual(['median 14 ns > 10 ns']);
  });

  it('calls it borderline when the median is over but the spread reaches under the bound', () => {
    expect(judgeBudget({ unit: 'ns', value: 11, p25: 9, p75: 13 }, { maxNs: 10 }).status).toBe('borderline');
  });

  it('checks allocation per op and bytes figures against maxBytes', () => {
    expect(judgeBudget({ unit: 'ns', value: 5, allocBytes: 130 }, { maxBytes: 100 }).missed).toEqual([
      'alloc 130 B > 100 B',
    ]);
    expect(judgeBudget({ unit: 'bytes', value: 96, spreadOf: [95, 97] }, { maxBytes: 100 }).status).toBe(
      'ok',
    );
    expect(judgeBudget({ unit: 'bytes', value: 120, spreadOf: [118, 121] }, { maxBytes: 100 }).status).toBe(
      'over',
    );
  });

  it('checks throughput against a lower bound', () => {
    const v = judgeBudget({ unit: 'ops/s', value: 4e6, spreadOf: [3.9e6, 4.1e6] }, { min: 5e6 });
    expect(v.status).toBe('over');
    expect(v.target).toBe('≥ 5M/s');
    expect(judgeBudget({ unit: 'ops/s', value: 6e6 }, { min: 5e6 }).status).toBe('ok');
  });

  it('checks ratios against max', () => {
    expect(judgeBudget({ unit: 'x', value: 2.6 }, { max: 2 }).missed).toEqual(['value 2.6× > 2×']);
  });

  it('has nothing to say without a budget', () => {
    expect(judgeBudget({ unit: 'ns', value: 1e9 }, undefined).status).toBe('none');
    expect(judgeBudget({ unit: 'ns', value: 1e9 }, { note: 'informative' }).status).toBe('none');
  });
});

describe('judgeChange', () => {
  const tight = (value: number) => ({ unit: 'ns' as const, value, p25: value * 0.99, p75: value * 1.01 });

  it('reports slower when the change exceeds the noise floor and both spreads', () => {
    const { value } = judgeChange(tight(130), tight(100), { floor: 0.1 });
    expect(value.verdict).toBe('slower');
    expect(value.change).toBeCloseTo(0.3);
  });

  it('reports faster, and same within the noise', () => {
    expect(judgeChange(tight(70), tight(100), { floor: 0.1 }).value.verdict).toBe('faster');
    expect(judgeChange(tight(105), tight(100), { floor: 0.1 }).value.verdict).toBe('same');
  });

  it('widens the allowed noise by the runs’ spreads', () => {
    const wide = (value: number) => ({ unit: 'ns' as const, value, p25: value * 0.9, p75: value * 1.1 });
    // 30% slower, but each run spreads 20%: 40% of noise is allowed.
    expect(judgeChange(wide(130), wide(100), { floor: 0.1 }).value.verdict).toBe('same');
  });

  it('refuses to judge a spread that is too wide', () => {
    const noisy = { unit: 'ns' as const, value: 100, p25: 60, p75: 160 };
    expect(judgeChange(noisy, tight(100)).value.verdict).toBe('noisy');
    expect(relativeSpread(noisy)).toBe(1);
  });

  it('treats a drop in throughput as slower', () => {
    expect(judgeChange({ unit: 'ops/s', value: 5e6 }, { unit: 'ops/s', value: 8e6 }).value.verdict).toBe(
      'slower',
    );
  });

  it('reports heavier allocation past both the floor and a few bytes', () => {
    const a = judgeChange({ ...tight(100), allocBytes: 200 }, { ...tight(100), allocBytes: 100 });
    expect(a.alloc?.verdict).toBe('heavier');
    const b = judgeChange({ ...tight(100), allocBytes: 110 }, { ...tight(100), allocBytes: 100 });
    expect(b.alloc?.verdict).toBe('same');
  });

  it('uses the range of a few rounds, and the interquartile range of many samples, as spread', () => {
    expect(relativeSpread({ unit: 'ns', value: 100, spreadOf: [80, 100, 120] })).toBeCloseTo(0.4);
    expect(relativeSpread({ unit: 'bytes', value: 96, spreadOf: [32, 96, 96, 96, 96, 96, 200] })).toBe(0);
  });
});
