/**
 * Side-by-side figures of a package and the raw client it wraps: the paired CPU-time ratio and the
 * difference of the mitata medians.
 */
import { type Figure, type FigureContext, median } from './suite.js';

/**
 * The median ratio of `a`'s CPU time (user + system, this process: client and local server
 * alike) over `b`'s, from `rounds` back-to-back pairs with the order alternating; samples are
 * the medians of blocks of 10 pairs. Pairs see the same machine, where separate mitata medians
 * drift apart on a busy one.
 */
export async function paired(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  rounds: number,
): Promise<Figure> {
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const aFirst = i % 2 === 0;
    const c0 = process.cpuUsage();
    await (aFirst ? a : b)();
    const c1 = process.cpuUsage();
    await (aFirst ? b : a)();
    const c2 = process.cpuUsage();
    const first = c1.user + c1.system - c0.user - c0.system;
    const second = c2.user + c2.system - c1.user - c1.system;
    if (first > 0 && second > 0) ratios.push(aFirst ? first / second : second / first);
  }
  const samples: number[] = [];
  for (let i = 0; i + 10 <= ratios.length; i += 10) samples.push(median(ratios.slice(i, i + 10)));
  return {
    value: median(ratios),
    unit: 'x',
    samples,
    note: `CPU time, median of ${ratios.length} back-to-back pairs`,
  };
}

/** The median of benchmark `pkg` minus the median of benchmark `raw` (full names), in ns. */
export function medianOverhead(f: FigureContext, pkg: string, raw: string): Figure {
  const a = f.stats(pkg);
  const b = f.stats(raw);
  return {
    value: a.p50 - b.p50,
    unit: 'ns',
    samples: [a.p25 - b.p75, a.p75 - b.p25],
    note: `median ${pkg} − median ${raw} (the framework's time per run)`,
  };
}
