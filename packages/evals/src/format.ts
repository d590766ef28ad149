/**
 * Printing reports: a plain-text table of the cases and the summary, and JSON.
 */

import type { PerfReport } from './perf.js';
import type { EvalReport } from './report.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) =>
  x < 1 ? `${(x * 1000).toPrecision(3)} µs` : x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The report as a text table: one row per case, then the summary and the verdict. */
export function formatReport(report: EvalReport): string {
  const s = report.summary;
  const rows = [['case', 'status', 'score', 'latency', 'tokens', 'why']];
  for (const c of report.cases) {
    const why = c.error
      ? `${c.error.code}: ${c.error.message}`
      : c.scores
          .filter((x) => !x.passed)
          .map((x) => `${x.scorer}: ${x.reason ?? ''}`)
          .join('; ');
    rows.push([
      c.id,
      c.status,
      c.score.toFixed(2),
      ms(c.latencyMs),
      String(c.tokens?.total ?? ''),
      oneLine(why, 80),
    ]);
  }
  const bar = report.threshold
    ? Object.entries(report.threshold)
        .map(([k, v]) => `${k} ≥ ${pct(v as number)}`)
        .join(', ')
    : 'every case passes';
  return [
    `eval ${report.name} · agent ${report.agent}${report.model ? ` · ${report.model}` : ''}`,
    table(rows),
    `pass rate ${pct(s.passRate)} (${s.passed}/${s.cases}, ${s.errored} errors) · mean score ${s.meanScore.toFixed(3)}`,
    `latency mean ${ms(s.latencyMs.mean)} · median ${ms(s.latencyMs.median)} · p95 ${ms(s.latencyMs.p95)} · tokens ${s.tokens.total}`,
    `${report.passed ? '✓ meets' : '✗ below'} the threshold (${bar})`,
    '',
  ].join('\n');
}

/** A perf report as text: time and memory statistics. */
export function formatPerfReport(report: PerfReport): string {
  const t = report.time;
  const lines = [
    `perf ${report.name} · ${report.iterations} iterations after ${report.warmup} warm-up`,
    `time   mean ${ms(t.mean)} · median ${ms(t.median)} · p95 ${ms(t.p95)} · min ${ms(t.min)} · max ${ms(t.max)}`,
  ];
  const m = report.memory;
  if (m.heapDelta) {
    const kib = (x: number) => `${(x / 1024).toFixed(1)} KiB`;
    lines.push(
      `memory mean ${kib(m.heapDelta.mean)} · median ${kib(m.heapDelta.median)} · p95 ${kib(m.heapDelta.p95)} per run`,
    );
  } else lines.push(`memory not measured: ${m.note}`);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON text (indented). */
export function reportJSON(report: EvalReport | EvalReport[]): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
