/**
 * Two runs side by side: the runs in the histories (one per run id, whatever packages it
 * measured), and every figure both runs have with its change from the first to the second,
 * judged within the noise as `bench:check` judges it. Pick two commits, or the same suites run
 * on two Node versions. Pure functions of the data.
 */
import { NOISE_FLOOR } from '@agno/benchmarks/check';
import { type Change, fromHistory, judgeChange } from '@agno/benchmarks/judge';
import type { FigureUnit, HistoryEntry, HistoryFile, HistoryValue } from '@agno/benchmarks/schema';

/** One run, as the histories know it: its entry's header and the packages it measured. */
export type RunRef = Pick<HistoryEntry, 'id' | 'date' | 'mode' | 'commit' | 'dirty' | 'node' | 'cpu'> & {
  packages: string[];
};

/** One figure in both runs. */
export interface RunDiffRow {
  name: string;
  package: string;
  unit: FigureUnit;
  a: HistoryValue;
  b: HistoryValue;
  /** From `a` to `b`, within the noise of both. */
  change: Change;
}

/** Every run in the histories, newest first. */
export function runsOf(histories: HistoryFile[]): RunRef[] {
  const byId = new Map<string, RunRef>();
  for (const h of histories) {
    for (const e of h.entries) {
      const known = byId.get(e.id);
      if (known !== undefined) {
        known.packages.push(h.package);
        continue;
      }
      const { id, date, mode, commit, dirty, node, cpu } = e;
      byId.set(id, { id, date, mode, commit, dirty, node, cpu, packages: [h.package] });
    }
  }
  return [...byId.values()].sort((a, b) => b.date.localeCompare(a.date));
}

/** How a run is named in the picker: date, commit, Node, mode and packages. */
export function runLabel(r: RunRef): string {
  const commit = r.commit === null ? 'no commit' : `${r.commit.slice(0, 7)}${r.dirty ? '+' : ''}`;
  const date = r.date.slice(0, 16).replace('T', ' ');
  return `${date} · ${commit} · Node ${r.node} · ${r.mode} · ${r.packages.join(', ')}`;
}

/**
 * The pair shown first: the newest run (b) and the newest run before it that shares a
 * figure with it (a); undefined when no two runs share one.
 */
export function defaultPair(histories: HistoryFile[], runs: RunRef[]): [string, string] | undefined {
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      if (diffRuns(histories, runs[j]!.id, runs[i]!.id).length > 0) return [runs[j]!.id, runs[i]!.id];
    }
  }
  return undefined;
}

/** Every figure that runs `a` and `b` both have, with its change from `a` to `b`. */
export function diffRuns(histories: HistoryFile[], a: string, b: string): RunDiffRow[] {
  const rows: RunDiffRow[] = [];
  for (const h of histories) {
    const ea = h.entries.find((e) => e.id === a);
    const eb = h.entries.find((e) => e.id === b);
    if (ea === undefined || eb === undefined) continue;
    const floor = NOISE_FLOOR[ea.mode === 'full' && eb.mode === 'full' ? 'full' : 'short'];
    for (const [name, vb] of Object.entries(eb.values)) {
      const va = ea.values[name];
      if (va === undefined || va.u !== vb.u) continue;
      const change = judgeChange(fromHistory(vb), fromHistory(va), { floor }).value;
      rows.push({ name, package: h.package, unit: vb.u, a: va, b: vb, change });
    }
  }
  return rows;
}
