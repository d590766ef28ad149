/**
 * Tool-call reliability: the tools a run called (its `toolCalls`) against the expected ones,
 * in order or in any order, with arguments matched as deep partials, forbidden tools and a
 * maximum number of calls.
 */
import type { ToolCallRecord } from '@agno/core';
import { matchesPartial } from '../match.js';
import type { ExpectedToolCall, Score, Scorer } from '../types.js';

/** Options of {@link toolCalls}. */
export interface ToolCallsOptions {
  /** The calls expected (default: the case's `expectedTools`). */
  expected?: (string | ExpectedToolCall)[];
  /** `true` (default): the expected calls must happen in this order (other calls may come between). */
  ordered?: boolean;
  /** Tools that must not be called. */
  forbidden?: string[];
  /** At most this many calls in the run. */
  maxCalls?: number;
  /** Fail when the run made calls beyond the expected ones (default false). */
  exactly?: boolean;
}

const normal = (e: string | ExpectedToolCall): ExpectedToolCall => (typeof e === 'string' ? { name: e } : e);

const fits = (call: ToolCallRecord, e: ExpectedToolCall) =>
  call.name === e.name && matchesPartial(call.args, e.args);

/** How many expected calls are met in order: a greedy subsequence match. */
function matchedInOrder(calls: readonly ToolCallRecord[], expected: ExpectedToolCall[]): number {
  let at = 0;
  let matched = 0;
  for (const e of expected) {
    const i = calls.findIndex((c, k) => k >= at && fits(c, e));
    if (i < 0) continue;
    matched++;
    at = i + 1;
  }
  return matched;
}

/** How many expected calls are met by distinct calls in any order: a maximum bipartite matching. */
function matchedAnyOrder(calls: readonly ToolCallRecord[], expected: ExpectedToolCall[]): number {
  const owner: (number | undefined)[] = new Array(calls.length);
  const assign = (ei: number, seen: boolean[]): boolean => {
    for (let ci = 0; ci < calls.length; ci++) {
      if (seen[ci] || !fits(calls[ci]!, expected[ei]!)) continue;
      seen[ci] = true;
      if (owner[ci] === undefined || assign(owner[ci]!, seen)) {
        owner[ci] = ei;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let ei = 0; ei < expected.length; ei++) if (assign(ei, [])) matched++;
  return matched;
}

function describe(e: ExpectedToolCall): string {
  return e.args === undefined ? e.name : `${e.name}(${JSON.stringify(e.args)})`;
}

/** Scores the run's tool calls; the score is the share of expected calls met (0 on a hard failure). */
export function toolCalls(options: ToolCallsOptions = {}): Scorer {
  const ordered = options.ordered ?? true;
  return {
    name: ordered ? 'tool-calls' : 'tool-calls-any-order',
    score({ case: c, result }): Score {
      const calls = result.toolCalls;
      const expected = (options.expected ?? c.expectedTools ?? []).map(normal);
      const problems: string[] = [];
      const forbidden = calls
        .filter((call) => options.forbidden?.includes(call.name))
        .map((call) => call.name);
      if (forbidden.length > 0) problems.push(`called forbidden ${[...new Set(forbidden)].join(', ')}`);
      if (options.maxCalls !== undefined && calls.length > options.maxCalls) {
        problems.push(`${calls.length} calls, more than ${options.maxCalls}`);
      }
      const matched = ordered ? matchedInOrder(calls, expected) : matchedAnyOrder(calls, expected);
      if (options.exactly && calls.length > expected.length)
        problems.push(`${calls.length - expected.length} unexpected calls`);
      if (problems.length > 0) return { score: 0, passed: false, reason: problems.join('; ') };
      const score = expected.length === 0 ? 1 : matched / expected.length;
      if (matched === expected.length) return { score, passed: true };
      const got = calls.map((call) => `${call.name}(${JSON.stringify(call.args)})`).join(', ') || 'none';
      return {
        score,
        passed: false,
        reason: `expected ${expected.map(describe).join(', ')}${ordered ? ' in order' : ''}; called ${got}`,
      };
    },
  };
}
