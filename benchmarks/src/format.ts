/**
 * Human-readable figures and plain-text tables for the terminal.
 */
import type { FigureUnit } from './schema.js';

/** A time in nanoseconds, e.g. `12.3 ns`, `3.21 µs`, `18.4 ms`. */
export function formatNs(ns: number): string {
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${round(ns)} ns`;
  if (abs < 1e6) return `${round(ns / 1e3)} µs`;
  if (abs < 1e9) return `${round(ns / 1e6)} ms`;
  return `${round(ns / 1e9)} s`;
}

/** A size in bytes, e.g. `94 B`, `1.21 KB` (KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${Math.round(bytes)} B`;
  if (abs < 1024 * 1024) return `${round(bytes / 1024)} KB`;
  return `${round(bytes / 1024 / 1024)} MB`;
}

/** A rate, e.g. `5.2M/s`. */
export function formatRate(perSecond: number): string {
  const abs = Math.abs(perSecond);
  if (abs >= 1e9) return `${round(perSecond / 1e9)}G/s`;
  if (abs >= 1e6) return `${round(perSecond / 1e6)}M/s`;
  if (abs >= 1e3) return `${round(perSecond / 1e3)}k/s`;
  return `${round(perSecond)}/s`;
}

/** A value in its unit; `–` when missing. */
export function formatValue(value: number | undefined, unit: FigureUnit): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'ns':
      return formatNs(value);
    case 'bytes':
      return formatBytes(value);
    case 'ops/s':
      return formatRate(value);
    case 'x':
      return `${round(value)}×`;
  }
}

/** A signed percentage, e.g. `+12%`. */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  const text = Math.abs(pct) >= 10 ? pct.toFixed(0) : pct.toFixed(1);
  return `${pct >= 0 ? '+' : ''}${text}%`;
}

/** Three significant digits. */
function round(value: number): string {
  value = Number(value.toPrecision(3));
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A plain-text table; columns after the first are right-aligned unless listed in `left`. */
export function table(headers: string[], rows: string[][], left: number[] = [0]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - width(cell)));
        return left.includes(i) ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width (counts code points, so `µ` and `×` take one column). */
function width(text: string): number {
  return [...text].length;
}
