/**
 * The side-by-side comparisons, one per group (`compare` on Node 20, `compare-current` with the
 * peers' newest majors on Node 24): the group's newest run as scenarios with each framework's
 * figure and its ratio to agno's, the failed rows of the latest run with their reasons, and
 * what each scenario is. Pure functions of the data.
 */
import { SCENARIO_ORDER, SCENARIOS, SIDE_BY_SIDE, type SideBySideGroup } from '@agno/benchmarks/scenarios';
import type { FigureUnit, HistoryEntry, HistoryFile, RunResultFile } from '@agno/benchmarks/schema';

/** One framework's figure (or failure) in a scenario. */
export interface Bar {
  framework: string;
  version: string | undefined;
  /** Null when the row failed (see `error`). */
  value: number | null;
  ratio: number | null;
  /** Why the row has no figure (a wrong answer, a miscount, a throw), from the latest run. */
  error?: string;
}

/** One scenario of a side-by-side group. */
export interface Scenario {
  scenario: string;
  unit: FigureUnit;
  /** What the scenario is, when known. */
  about: string | undefined;
  bars: Bar[];
}

/** A group's newest run. */
export interface SideBySide {
  group: SideBySideGroup;
  entry: HistoryEntry;
  scenarios: Scenario[];
}

function order(name: string): number {
  const i = SCENARIO_ORDER.indexOf(name as never);
  return i === -1 ? 99 : i;
}

/** Failed rows of `group` in the latest run, when that run measured it. */
function failures(latest: RunResultFile | undefined, group: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of latest?.benchmarks ?? []) {
    if (b.package === group && b.value === null) out.set(b.name, b.error ?? 'failed');
  }
  return out;
}

/**
 * Every group with results: its newest run of `mode` (or of any mode), as scenarios with
 * ratios to agno, agno first; failed rows of the latest run are kept with their reason.
 */
export function sideBySideOf(
  histories: HistoryFile[],
  mode: 'short' | 'full',
  latest?: RunResultFile,
): SideBySide[] {
  const out: SideBySide[] = [];
  for (const group of SIDE_BY_SIDE) {
    const h = histories.find((x) => x.package === group.folder);
    if (h === undefined) continue;
    const sorted = [...h.entries].sort((a, b) => a.date.localeCompare(b.date));
    const entry = sorted.filter((e) => e.mode === mode).at(-1) ?? sorted.at(-1);
    if (entry === undefined) continue;
    const byScenario = new Map<string, Scenario>();
    const scenarioOf = (scenario: string, unit: FigureUnit) => {
      let s = byScenario.get(scenario);
      if (s === undefined) {
        const about = (SCENARIOS as Record<string, string>)[scenario];
        byScenario.set(scenario, (s = { scenario, unit, about, bars: [] }));
      }
      return s;
    };
    for (const [name, v] of Object.entries(entry.values)) {
      const [, framework, ...rest] = name.split('/');
      if (framework === undefined || rest.length === 0) continue;
      const bar: Bar = { framework, version: entry.frameworks?.[framework], value: v.v, ratio: null };
      scenarioOf(rest.join('/'), v.u).bars.push(bar);
    }
    if (latest?.id === entry.id) {
      for (const [name, error] of failures(latest, group.folder)) {
        const [, framework, ...rest] = name.split('/');
        if (framework === undefined || rest.length === 0) continue;
        const s = scenarioOf(rest.join('/'), 'ns');
        s.bars.push({ framework, version: entry.frameworks?.[framework], value: null, ratio: null, error });
      }
    }
    const scenarios = [...byScenario.values()].sort((a, b) => order(a.scenario) - order(b.scenario));
    for (const s of scenarios) {
      s.bars.sort((a, b) =>
        a.framework === 'agno' ? -1 : b.framework === 'agno' ? 1 : a.framework.localeCompare(b.framework),
      );
      const agno = s.bars.find((b) => b.framework === 'agno')?.value;
      for (const b of s.bars)
        b.ratio = agno !== undefined && agno !== null && agno > 0 && b.value !== null ? b.value / agno : null;
    }
    out.push({ group, entry, scenarios });
  }
  return out;
}
