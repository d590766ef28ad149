/**
 * The charts, drawn with uPlot: a benchmark across the history (time and allocation, or a
 * figure's value, with its budget as a line), and a side-by-side scenario as bars.
 */
import { formatValue } from '@agno/benchmarks/format';
import type { FigureUnit } from '@agno/benchmarks/schema';
import uPlot from 'uplot';
import type { Scaling, Series } from './model.ts';
import type { Scenario } from './side-by-side.ts';

const WIDTH = 380;
const HEIGHT = 190;
const COLORS = { median: '#2563eb', p75: '#93c5fd', alloc: '#d97706', budget: '#dc2626', value: '#2563eb' };

/** The labels of a history chart's series, in order (the tests read them back from the legend). */
export function historyLabels(s: Series): string[] {
  const labels = s.unit === 'ns' ? ['median', 'p75', 'alloc/op'] : [unitLabel(s.unit)];
  if (budgetBound(s) !== undefined) labels.push('budget');
  return labels;
}

function unitLabel(unit: FigureUnit): string {
  return { ns: 'time', bytes: 'bytes', 'ops/s': 'per second', x: 'ratio' }[unit];
}

function budgetBound(s: Series): number | undefined {
  const b = s.budget;
  if (b === undefined) return undefined;
  if (s.unit === 'ns') return b.maxNs ?? b.max;
  if (s.unit === 'bytes') return b.maxBytes ?? b.max;
  return b.max ?? b.min;
}

const axisFont = '11px system-ui, sans-serif';

function ticks(unit: FigureUnit) {
  return (_u: uPlot, splits: number[]) => splits.map((v) => (v == null ? '' : formatValue(v, unit)));
}

const HALF_DAY = 43_200;

/** A one-run series with empty points half a day either side, so that lines across it can be drawn. */
function padOne(s: Series, at: number): Series {
  const pad = (v: (number | null)[]) => [null, v[0] ?? null, null];
  return {
    ...s,
    x: [at - HALF_DAY, at, at + HALF_DAY],
    value: pad(s.value),
    p75: pad(s.p75),
    alloc: pad(s.alloc),
  };
}

/** Draws one benchmark's history into `el`. */
export function historyChart(el: HTMLElement, s: Series): uPlot {
  const bound = budgetBound(s);
  // One run: a day around it, with the budget drawn across that day (a line needs two points).
  const only = s.x.length === 1 ? s.x[0]! : undefined;
  if (only !== undefined) s = padOne(s, only);
  const data: (number | null)[][] = [s.x];
  const series: uPlot.Series[] = [{}];
  const points = { show: s.x.length < 30, size: 5 };
  if (s.unit === 'ns') {
    data.push(s.value, s.p75, s.alloc);
    series.push(
      {
        label: 'median',
        stroke: COLORS.median,
        width: 2,
        scale: 'y',
        value: (_u, v) => formatValue(v ?? undefined, 'ns'),
        points,
      },
      {
        label: 'p75',
        stroke: COLORS.p75,
        width: 1,
        dash: [4, 3],
        scale: 'y',
        value: (_u, v) => formatValue(v ?? undefined, 'ns'),
        points,
      },
      {
        label: 'alloc/op',
        stroke: COLORS.alloc,
        width: 1.5,
        scale: 'bytes',
        value: (_u, v) => formatValue(v ?? undefined, 'bytes'),
        points,
      },
    );
  } else {
    data.push(s.value);
    series.push({
      label: unitLabel(s.unit),
      stroke: COLORS.value,
      width: 2,
      scale: 'y',
      value: (_u, v) => formatValue(v ?? undefined, s.unit),
      points,
    });
  }
  if (bound !== undefined) {
    data.push(s.x.map(() => bound));
    series.push({
      label: 'budget',
      stroke: COLORS.budget,
      width: 1,
      dash: [6, 4],
      scale: 'y',
      points: { show: false },
      value: (_u, v) => formatValue(v ?? undefined, s.unit),
    });
  }
  const axes: uPlot.Axis[] = [
    { font: axisFont, size: 30 },
    { scale: 'y', font: axisFont, size: 64, values: ticks(s.unit) },
  ];
  if (s.unit === 'ns')
    axes.push({
      scale: 'bytes',
      side: 1,
      font: axisFont,
      size: 56,
      grid: { show: false },
      values: ticks('bytes'),
    });
  const scales: uPlot.Scales = {
    // One run: a day around it, rather than uPlot's default span of years.
    x: only === undefined ? { time: true } : { time: true, range: [only - HALF_DAY, only + HALF_DAY] },
    y: { range: (_u, _min, max) => [0, Math.max(max, bound ?? 0) * 1.1 || 1] },
  };
  if (s.unit === 'ns') scales.bytes = { range: (_u, _min, max) => [0, max * 1.1 || 1] };
  return new uPlot(
    {
      width: WIDTH,
      height: HEIGHT,
      series,
      axes,
      scales,
      legend: { show: true, live: false },
      cursor: { show: true },
    },
    data as uPlot.AlignedData,
    el,
  );
}

/** Draws one side-by-side scenario as bars (log scale: the frameworks differ by orders of magnitude). */
export function comparisonChart(el: HTMLElement, s: Scenario): uPlot {
  const measured = s.bars.filter((b): b is typeof b & { value: number } => b.value !== null);
  const names = measured.map((b) => b.framework);
  const x = names.map((_, i) => i);
  const y = measured.map((b) => b.value);
  const bars = uPlot.paths.bars!({ size: [0.6, 60] });
  const series: uPlot.Series[] = [
    {},
    {
      label: s.unit === 'ns' ? 'median time' : s.unit === 'bytes' ? 'bytes per agent' : unitLabel(s.unit),
      paths: bars,
      points: { show: false },
      fill: '#2563eb55',
      stroke: '#2563eb',
      value: (_u, v) => formatValue(v ?? undefined, s.unit),
    },
  ];
  const low = 10 ** Math.floor(Math.log10(Math.min(...y)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...y)) + 1e-9);
  return new uPlot(
    {
      width: WIDTH,
      height: HEIGHT,
      series,
      scales: {
        x: { time: false, range: [-0.5, names.length - 0.5] },
        y: { distr: 3, log: 10, range: [low, high === low ? low * 10 : high] },
      },
      axes: [
        {
          font: axisFont,
          // Slanted when the names would run into each other.
          size: names.length > 4 ? 52 : 30,
          rotate: names.length > 4 ? -25 : 0,
          splits: () => x,
          values: (_u, splits) => splits.map((i) => names[i] ?? ''),
          grid: { show: false },
        },
        { font: axisFont, size: 64, values: ticks(s.unit) },
      ],
      legend: { show: true, live: false },
      cursor: { show: false },
    },
    [x, y],
    el,
  );
}

/** Draws a scaling curve: the figure against the number of workers. */
export function scalingChart(el: HTMLElement, s: Scaling): uPlot {
  const x = s.points.map((p) => p.workers);
  const y = s.points.map((p) => p.value);
  return new uPlot(
    {
      width: WIDTH,
      height: HEIGHT,
      series: [
        { label: 'workers' },
        {
          label: unitLabel(s.unit),
          stroke: '#2563eb',
          width: 2,
          points: { show: true, size: 7 },
          value: (_u, v) => formatValue(v ?? undefined, s.unit),
        },
      ],
      scales: {
        x: { time: false, range: [0, Math.max(...x) + 1] },
        y: { range: (_u, _min, max) => [0, max * 1.15 || 1] },
      },
      axes: [
        { font: axisFont, size: 30, splits: () => x, values: (_u, splits) => splits.map(String) },
        { font: axisFont, size: 64, values: ticks(s.unit) },
      ],
      legend: { show: true, live: false },
      cursor: { show: true },
    },
    [x, y],
    el,
  );
}
