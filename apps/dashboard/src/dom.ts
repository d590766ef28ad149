/**
 * The page's one DOM helper: an element with attributes and children.
 */

/** What {@link h} accepts as a child; `null`, `undefined` and `false` are left out. */
export type Child = Node | string | null | undefined | false;

/** Creates an element with attributes and children. */
export function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
