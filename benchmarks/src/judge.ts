/**
 * Judging figures: against their budgets, and against a previous run within the noise.
 * Pure module (no Node APIs): the runner, `bench:check` and the dashboard share it.
 */
import {
  type BenchmarkRecord,
  type Budget,
  type FigureUnit,
  type HistoryValue,
  higherIsBetter,
} from './schema.js';

/** What judging needs to know about one measurement. */
export interface Measured {
  unit: FigureUnit;
  /** Headline value: the median for timed benchmarks. */
  value: number;
  p25?: number;
  p75?: number;
  p99?: number;
  allocBytes?: number;
  /** Per-round headline values, or a figure's samples. */
  spreadOf?: number[];
}

/** A history value as a {@link Measured}. */
export function fromHistory(v: HistoryValue): Measured {
  return { unit: v.u, value: v.v, p25: v.p25, p75: v.p75, p99: v.p99, allocBytes: v.a, spreadOf: v.r };
}

/** A result record as a {@link Measured}; undefined when it has no value. */
export function fromRecord(r: BenchmarkRecord): Measured | undefined {
  if (r.value === null || !Number.isFinite(r.value)) return undefined;
  return {
    unit: r.unit,
    value: r.value,
    p25: r.p25,
    p75: r.p75,
    p99: r.p99,
    allocBytes: r.allocBytes,
    spreadOf: r.rounds ?? r.samples,
  };
}

/** `ok`: within every bound; `borderline`: the median is past a bound but the spread reaches back. */
export type BudgetStatus = 'ok' | 'over' | 'borderline' | 'none';

/** The outcome of {@link judgeBudget}. */
export interface BudgetVerdict {
  status: BudgetStatus;
  /** The bounds, e.g. `≤ 10 ns, ≤ 100 B/op`. */
  target: string;
  /** Which bounds were missed, e.g. `median 14 ns > 10 ns`. */
  missed: string[];
}

function short(value: number, unit: FigureUnit): string {
  const abs = Math.abs(value);
  if (unit === 'ns') {
    if (abs < 1e3) return `${trim(value)} ns`;
    if (abs < 1e6) return `${trim(value / 1e3)} µs`;
    if (abs < 1e9) return `${trim(value / 1e6)} ms`;
    return `${trim(value / 1e9)} s`;
  }
  if (unit === 'bytes') {
    if (abs < 1024) return `${Math.round(value)} B`;
    if (abs < 1024 * 1024) return `${trim(value / 1024)} KB`;
    return `${trim(value / 1024 / 1024)} MB`;
  }
  if (unit === 'ops/s') {
    if (abs >= 1e6) return `${trim(value / 1e6)}M/s`;
    if (abs >= 1e3) return `${trim(value / 1e3)}k/s`;
    return `${trim(value)}/s`;
  }
  return `${trim(value)}×`;
}

function trim(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** Checks a measurement against its budget. */
export function judgeBudget(m: Measured, budget: Budget | undefined): BudgetVerdict {
  if (budget === undefined) return { status: 'none', target: '', missed: [] };
  const targets: string[] = [];
  const missed: string[] = [];
  let status: BudgetStatus = 'ok';
  const worse = (s: BudgetStatus) => {
    if (s === 'over' || (s === 'borderline' && status === 'ok')) status = s;
  };
  const upper = (label: string, value: number | undefined, bound: number, unit: FigureUnit, low?: number) => {
    targets.push(`≤ ${short(bound, unit)}${label === 'alloc' ? '/op' : ''}`);
    if (value === undefined || !Number.isFinite(value)) return;
    if (value > bound) {
      missed.push(`${label} ${short(value, unit)} > ${short(bound, unit)}`);
      worse(low !== undefined && low <= bound ? 'borderline' : 'over');
    }
  };
  const timeLike = m.unit === 'ns';
  if (budget.maxNs !== undefined) {
    if (timeLike) upper('median', m.value, budget.maxNs, 'ns', m.p25);
  }
  if (budget.maxBytes !== undefined) {
    if (m.unit === 'bytes') upper('value', m.value, budget.maxBytes, 'bytes', minOf(m.spreadOf));
    else upper('alloc', m.allocBytes, budget.maxBytes, 'bytes');
  }
  if (budget.max !== undefined) upper('value', m.value, budget.max, m.unit, minOf(m.spreadOf) ?? m.p25);
  if (budget.min !== undefined) {
    targets.push(`≥ ${short(budget.min, m.unit)}`);
    if (Number.isFinite(m.value) && m.value < budget.min) {
      missed.push(`value ${short(m.value, m.unit)} < ${short(budget.min, m.unit)}`);
      const high = maxOf(m.spreadOf);
      worse(high !== undefined && high >= budget.min ? 'borderline' : 'over');
    }
  }
  if (targets.length === 0) return { status: 'none', target: '', missed: [] };
  return { status, target: targets.join(', '), missed };
}

function minOf(values: number[] | undefined): number | undefined {
  return values === undefined || values.length === 0 ? undefined : Math.min(...values);
}

function maxOf(values: number[] | undefined): number | undefined {
  return values === undefined || values.length === 0 ? undefined : Math.max(...values);
}

/** The relative spread of a measurement: its interquartile range, or that of its rounds or samples (their range when fewer than 4), over its value. */
export function relativeSpread(m: Measured): number {
  let spread = 0;
  if (m.p25 !== undefined && m.p75 !== undefined && m.value > 0) spread = (m.p75 - m.p25) / m.value;
  const values = m.spreadOf;
  if (values !== undefined && values.length >= 2 && m.value !== 0) {
    // A few rounds: their range. Many samples: their interquartile range (one outlier says little).
    const sorted = [...values].sort((a, b) => a - b);
    const low = sorted.length >= 4 ? sorted[Math.floor((sorted.length - 1) * 0.25)]! : sorted[0]!;
    const high =
      sorted.length >= 4 ? sorted[Math.ceil((sorted.length - 1) * 0.75)]! : sorted[sorted.length - 1]!;
    spread = Math.max(spread, (high - low) / Math.abs(m.value));
  }
  return spread;
}

/** How a figure moved since the previous run. */
export type ChangeVerdict = 'slower' | 'faster' | 'same' | 'noisy' | 'heavier' | 'lighter';

/** One judged change. */
export interface Change {
  verdict: ChangeVerdict;
  /** Relative change of the value (positive = larger). */
  change: number;
  /** The relative change that noise alone could explain. */
  noise: number;
  /** The relative spread of the wider of the two runs. */
  spread: number;
}

/** Settings of {@link judgeChange}. */
export interface NoiseSettings {
  /** The smallest relative change ever reported (run-to-run variation of fresh processes). Default 0.1. */
  floor?: number;
  /** A spread (IQR over median) wider than this is too noisy to judge. Default 0.3. */
  tooWide?: number;
  /** Allocation changes smaller than this many bytes are ignored. Default 16. */
  allocBytes?: number;
}

/**
 * Compares a measurement with the previous run's. The noise allowed is the larger of
 * `floor` and the two runs' spreads added up; a spread wider than `tooWide` cannot be judged.
 */
export function judgeChange(
  current: Measured,
  previous: Measured,
  settings: NoiseSettings = {},
): { value: Change; alloc?: Change } {
  const floor = settings.floor ?? 0.1;
  const tooWide = settings.tooWide ?? 0.3;
  const spreadCurrent = relativeSpread(current);
  const spreadPrevious = relativeSpread(previous);
  const spread = Math.max(spreadCurrent, spreadPrevious);
  const noise = Math.max(floor, spreadCurrent + spreadPrevious);
  const change = previous.value !== 0 ? current.value / previous.value - 1 : 0;
  const higher = higherIsBetter(current.unit);
  const worseWord: ChangeVerdict = current.unit === 'bytes' ? 'heavier' : 'slower';
  const betterWord: ChangeVerdict = current.unit === 'bytes' ? 'lighter' : 'faster';
  let verdict: ChangeVerdict = 'same';
  if (spread > tooWide) verdict = 'noisy';
  else if (Math.abs(change) > noise) {
    const gotWorse = higher ? change < 0 : change > 0;
    verdict = gotWorse ? worseWord : betterWord;
  }
  const out: { value: Change; alloc?: Change } = { value: { verdict, change, noise, spread } };
  if (current.allocBytes !== undefined && previous.allocBytes !== undefined) {
    const diff = current.allocBytes - previous.allocBytes;
    const rel = previous.allocBytes > 0 ? diff / previous.allocBytes : diff > 0 ? 1 : 0;
    const minBytes = settings.allocBytes ?? 16;
    let allocVerdict: ChangeVerdict = 'same';
    if (Math.abs(diff) > minBytes && Math.abs(rel) > floor) allocVerdict = diff > 0 ? 'heavier' : 'lighter';
    out.alloc = { verdict: allocVerdict, change: rel, noise: floor, spread: 0 };
  }
  return out;
}
