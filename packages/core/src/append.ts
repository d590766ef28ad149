/**
 * Appending to a run's short lists (timings, tool calls) without V8's growth step: an empty
 * array's first push reserves room for 17 elements (about 150 bytes), while most of these lists
 * end with one or two items.
 */

/** `list` with `item` at the end: a new one-element array when `list` is empty, else `list` itself. */
export function append<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/**
 * A run's list for its result: the run's own array, or a new empty one while the run still
 * holds the shared empty list it starts with (see {@link NONE}).
 */
export function owned<T>(list: T[]): T[] {
  return list.length === 0 ? [] : list;
}

/**
 * The list a run's timings and tool calls start as, shared and frozen: the first item makes a
 * one-element array of the run's own (`append`), and a result never receives this one.
 */
export const NONE: never[] = Object.freeze([]) as never[];
