/**
 * Builders of test data for store tests: runs with realistic messages (tool calls included, from
 * `@agno/core/testing`) and a small deterministic embedder.
 */
import { afterEach } from 'vitest';
import type { Embedder } from '../types.js';

export { type TestRunOptions, testRun, uniqueId } from '@agno/core/testing';

/**
 * A deterministic embedder for tests: one dimension per group of related words (`coffee`,
 * `espresso` and `latte` land on one axis), so that search by meaning can be checked exactly.
 */
export function wordGroupEmbedder(groups: readonly (readonly string[])[]): Embedder & { calls: number } {
  const axis = new Map<string, number>();
  groups.forEach((words, i) => {
    for (const w of words) axis.set(w.toLowerCase(), i);
  });
  const embed = async (texts: string[]): Promise<number[][]> => {
    embed.calls++;
    return texts.map((text) => {
      const v = new Array<number>(groups.length + 1).fill(0);
      for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        const i = axis.get(w);
        if (i !== undefined) v[i]! += 1;
      }
      v[groups.length] = 0.01;
      return v;
    });
  };
  embed.calls = 0;
  return embed;
}

/** An id that breaks naive SQL: stores must treat it as data. */
export const HOSTILE_ID = "x'); DROP TABLE runs;--";

/** Opens stores with `factory` and closes them after each test. */
export function useStores<A extends unknown[], S extends { close?(): Promise<void> }>(
  factory: (...args: A) => S | Promise<S>,
): (...args: A) => Promise<S> {
  const opened: S[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close?.();
  });
  return async (...args: A) => {
    const s = await factory(...args);
    opened.push(s);
    return s;
  };
}
