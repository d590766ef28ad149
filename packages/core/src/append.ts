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
