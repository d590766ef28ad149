/**
 * Writes eval reports into the results history (`<results>/evals/<eval>.json`), atomically,
 * keeping the last {@link QUALITY_HISTORY_LIMIT} runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ValidationError } from '@agno/core';
import type { EvalReport } from '../report.js';
import {
  QUALITY_HISTORY_LIMIT,
  QUALITY_HISTORY_VERSION,
  type QualityEntry,
  type QualityHistoryFile,
} from './schema.js';

/** Options of {@link writeQualityHistory}. */
export interface WriteHistoryOptions {
  /** The results folder (the benchmarks' `results/`, holding `history/` and `evals/`). */
  resultsDir: string;
  /** The commit measured (default: `git rev-parse HEAD` in the working directory, else null). */
  commit?: string | null;
  /** Whether the tree had uncommitted changes (default: from `git status`). */
  dirty?: boolean;
}

const sig = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : 0);

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Path of an eval's history file. */
export function qualityHistoryFile(resultsDir: string, evalName: string): string {
  return join(resultsDir, 'evals', `${evalName.replace(/[^\w.-]+/g, '-')}.json`);
}

/** The history entry of a report. */
export function qualityEntry(report: EvalReport, commit: string | null, dirty: boolean): QualityEntry {
  const s = report.summary;
  const scorers: QualityEntry['scorers'] = {};
  for (const [name, v] of Object.entries(s.scorers))
    scorers[name] = { passRate: sig(v.passRate), meanScore: sig(v.meanScore) };
  const entry: QualityEntry = {
    id: report.date.replace(/[:.]/g, '-'),
    date: report.date,
    commit,
    dirty,
    node: process.version,
    agent: report.agent,
    cases: s.cases,
    passed: s.passed,
    errored: s.errored,
    passRate: sig(s.passRate),
    meanScore: sig(s.meanScore),
    met: report.passed,
    latencyMs: { mean: sig(s.latencyMs.mean), median: sig(s.latencyMs.median), p95: sig(s.latencyMs.p95) },
    tokens: { ...s.tokens },
    scorers,
  };
  if (report.model !== undefined) entry.model = report.model;
  if (report.threshold !== undefined) entry.threshold = { ...report.threshold };
  return entry;
}

/** Reads an eval's history (empty when there is none); a file of another format is a `ValidationError`. */
export function readQualityHistory(resultsDir: string, evalName: string): QualityHistoryFile {
  const file = qualityHistoryFile(resultsDir, evalName);
  const empty: QualityHistoryFile = {
    schema: 'agno-eval-history',
    version: QUALITY_HISTORY_VERSION,
    eval: evalName,
    entries: [],
  };
  if (!existsSync(file)) return empty;
  const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<QualityHistoryFile>;
  if (
    value.schema !== 'agno-eval-history' ||
    value.version !== QUALITY_HISTORY_VERSION ||
    !Array.isArray(value.entries)
  ) {
    throw new ValidationError(
      `${file} is not an agno-eval-history file of version ${QUALITY_HISTORY_VERSION}`,
    );
  }
  return value as QualityHistoryFile;
}

/** Appends the reports to their evals' histories; returns the files written. */
export function writeQualityHistory(
  reports: EvalReport | EvalReport[],
  options: WriteHistoryOptions,
): string[] {
  const commit = options.commit !== undefined ? options.commit : git(['rev-parse', 'HEAD']);
  const dirty = options.dirty ?? (git(['status', '--porcelain']) ?? '') !== '';
  const written: string[] = [];
  for (const report of Array.isArray(reports) ? reports : [reports]) {
    const history = readQualityHistory(options.resultsDir, report.name);
    const entry = qualityEntry(report, commit, dirty);
    history.entries = history.entries.filter((e) => !(e.id === entry.id && e.agent === entry.agent));
    history.entries.push(entry);
    if (history.entries.length > QUALITY_HISTORY_LIMIT)
      history.entries = history.entries.slice(-QUALITY_HISTORY_LIMIT);
    const file = qualityHistoryFile(options.resultsDir, report.name);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(history, null, 1)}\n`);
    renameSync(tmp, file);
    written.push(file);
  }
  return written;
}
