/**
 * A run's timeline as rows: each model call (duration, tokens, cost), each tool call (duration,
 * outcome), each workflow step, then the totals and the error with its code. Pure: the view
 * draws the rows as bars.
 */
import type { Usage } from '@agno/core';
import { costOf, type PriceTable } from '../../src/prices.js';
import type { RunView } from './run-view.js';

/** One row of a timeline. */
export interface TimelineRow {
  kind: 'model' | 'tool' | 'step' | 'error';
  label: string;
  /** Who: a member's name, when not the run's own agent. */
  who?: string;
  durationMs?: number;
  tokens?: { input: number; output: number };
  cost?: number;
  /** An error code (a failed tool or step, the run's error). */
  code?: string;
}

/** A run's timeline. */
export interface Timeline {
  rows: TimelineRow[];
  totalMs: number | undefined;
  usage: Usage | undefined;
  /** Total cost when every model call with tokens has a price. */
  cost: number | undefined;
}

function addUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (b === undefined) return a;
  if (a === undefined) return { ...b };
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** The timeline of `view`, with costs from `prices` when given. */
export function timelineOf(view: RunView, prices: PriceTable | undefined): Timeline {
  const rows: TimelineRow[] = [];
  let callsUsage: Usage | undefined;
  let cost: number | undefined = 0;
  view.modelCalls.forEach((call, i) => {
    const row: TimelineRow = {
      kind: 'model',
      label: `model call ${i + 1}${call.model ? ` · ${call.model}` : ''}`,
    };
    if (call.source !== undefined) row.who = call.source.agent;
    if (call.durationMs !== undefined) row.durationMs = call.durationMs;
    if (call.usage !== undefined) {
      row.tokens = { input: call.usage.inputTokens, output: call.usage.outputTokens };
      callsUsage = addUsage(callsUsage, call.usage);
      const c = call.cached ? 0 : costOf(prices, call.model, call.usage);
      if (c !== undefined) row.cost = c;
      cost = c === undefined || cost === undefined ? undefined : cost + c;
    }
    rows.push(row);
  });
  for (const item of view.items) {
    if (item.type !== 'tool') continue;
    const row: TimelineRow = { kind: 'tool', label: `tool ${item.name}` };
    if (item.source !== undefined) row.who = item.source.agent;
    if (item.durationMs !== undefined) row.durationMs = item.durationMs;
    if (item.status === 'error') row.code = item.errorCode ?? 'tool_error';
    rows.push(row);
  }
  for (const step of Object.values(view.steps)) {
    const row: TimelineRow = { kind: 'step', label: `step ${step.path} · ${step.status}` };
    if (step.durationMs !== undefined) row.durationMs = step.durationMs;
    if (step.error !== undefined) row.code = step.error.code;
    rows.push(row);
  }
  const usage = view.usage ?? callsUsage;
  // Stored runs have no per-call tokens: price the run's total with the table's default.
  if (callsUsage === undefined) cost = usage === undefined ? undefined : costOf(prices, undefined, usage);
  if (prices === undefined) cost = undefined;
  if (view.error !== undefined)
    rows.push({ kind: 'error', label: view.error.message, code: view.error.code });
  const totalMs =
    view.totalMs ??
    rows.reduce<number | undefined>(
      (sum, r) => (r.kind === 'step' || r.durationMs === undefined ? sum : (sum ?? 0) + r.durationMs),
      undefined,
    );
  return { rows, totalMs, usage, cost };
}

/** `ms` as text: `850 ms`, `1.2 s`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A cost as text, with enough digits for small amounts: `$0.000123`. */
export function formatCost(cost: number | undefined): string {
  if (cost === undefined) return '';
  if (cost === 0) return '$0';
  const digits = Math.max(2, Math.min(8, 2 - Math.floor(Math.log10(cost))));
  return `$${cost.toFixed(digits)}`;
}
