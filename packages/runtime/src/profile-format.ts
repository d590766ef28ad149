/**
 * The plain-text rendering of a profiler report: one row per operation group, then the
 * bottlenecks.
 */
import type { ProfileReport } from './profile-types.js';

/** Renders `r` as a fixed-width table followed by the bottlenecks. */
export function formatProfile(r: ProfileReport): string {
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(36) : c.padStart(9))).join(' ');
  const lines = [row(['operation', 'count', 'avg ms', 'p95 ms', 'max ms', 'tokens', 'cache h/m', 'errors'])];
  for (const s of r.operations) {
    const suffix = s.name === s.agent || s.name === s.operation ? '' : `:${s.name}`;
    lines.push(
      row([
        `${s.agent}:${s.operation}${suffix}`.slice(0, 36),
        String(s.count),
        s.avgMs.toFixed(2),
        s.p95Ms.toFixed(2),
        s.maxMs.toFixed(2),
        String(s.tokens),
        `${s.cacheHits}/${s.cacheMisses}`,
        String(s.errors),
      ]),
    );
  }
  lines.push('', `bottlenecks (average above ${r.thresholdMs} ms):`);
  if (r.bottlenecks.length === 0) lines.push('  none');
  for (const b of r.bottlenecks) {
    const avg = b.avgMs.toFixed(1);
    lines.push(
      `  [${b.severity}] ${b.agent}:${b.operation}:${b.name} avg ${avg} ms, max ${b.maxMs.toFixed(1)} ms, ${b.count}×`,
    );
  }
  return lines.join('\n');
}
