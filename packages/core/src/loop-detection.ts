/**
 * Loop detection: a run stops with `loop_detected` when one call (same tool, arguments equal as
 * canonical JSON) repeats too often. A run compares each call with the calls it made before
 * (mostly none or a few) without writing any of them as text; the text keys are written only
 * when the run pauses (`PausedRun.callCounts`), and a continued run counts by those keys.
 */
import { canonicalJSON } from './canonical.js';
import { LoopDetectedError } from './errors.js';
import type { ToolCall } from './messages.js';
import type { RunBase } from './run-base.js';
import { RUN_DEFAULTS } from './run-tools.js';

/** Stops the run with `loop_detected` when one call (same tool, same arguments) repeats too often. */
export function detectLoop(run: RunBase<unknown>, calls: ToolCall[]): void {
  const limit =
    run.options.maxRepeatedToolCalls ??
    run.agent.options.defaults?.maxRepeatedToolCalls ??
    RUN_DEFAULTS.maxRepeatedToolCalls;
  if (limit <= 0) return;
  for (const call of calls) {
    const n = run.callCounts !== undefined ? countByKey(run.callCounts, call) : countSeen(run, call);
    if (n >= limit) {
      if (run.observed) {
        run.emit({ type: 'loop-detected', runId: run.runId, toolName: call.name, repeats: n });
      }
      throw new LoopDetectedError(call.name, n);
    }
  }
}

/** The counts of the run's calls by key, as a paused run keeps them. */
export function callCountsOf(run: RunBase<unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  if (run.callCounts !== undefined) for (const [k, v] of run.callCounts) out[k] = v;
  else if (run.callsSeen !== undefined) {
    for (const s of run.callsSeen) {
      const key = callKey(s.name, s.args);
      out[key] = (out[key] ?? 0) + s.count;
    }
  }
  return out;
}

function callKey(name: string, args: unknown): string {
  return `${name}\u0000${canonicalJSON(args)}`;
}

function countByKey(counts: Map<string, number>, call: ToolCall): number {
  const key = callKey(call.name, call.args);
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  return n;
}

function countSeen(run: RunBase<unknown>, call: ToolCall): number {
  const seen = run.callsSeen;
  if (seen === undefined) {
    run.callsSeen = [{ name: call.name, args: call.args, count: 1 }];
    return 1;
  }
  for (const s of seen) if (s.name === call.name && sameJSON(s.args, call.args, 0)) return ++s.count;
  seen.push({ name: call.name, args: call.args, count: 1 });
  return 1;
}

/** Depth past which values are compared as written text (where cycles could hide). */
const MAX_DEPTH = 8;

/** Whether `canonicalJSON(a) === canonicalJSON(b)`; JSON-like values are compared without writing them. */
function sameJSON(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === typeof b && (ta === 'string' || ta === 'boolean')) return false;
  if (ta === 'number' && typeof b === 'number') return !Number.isFinite(a) && !Number.isFinite(b);
  if (!isPlain(a) || !isPlain(b) || depth >= MAX_DEPTH) return canonicalJSON(a) === canonicalJSON(b);
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameJSON(x[i], y[i], depth + 1)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // for…in with own-key checks rather than Object.keys: no key arrays.
  let keys = 0;
  for (const key in x) {
    if (!Object.hasOwn(x, key) || skipped(x[key])) continue;
    keys++;
    if (!Object.hasOwn(y, key) || skipped(y[key]) || !sameJSON(x[key], y[key], depth + 1)) return false;
  }
  for (const key in y) if (Object.hasOwn(y, key) && !skipped(y[key])) keys--;
  return keys === 0;
}

/** An array, or an object canonical JSON writes key by key (no `toJSON`, no class). */
function isPlain(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || proto === Array.prototype;
}

/** Values canonical JSON leaves out of an object. */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}
