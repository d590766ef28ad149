/**
 * The page's DOM helpers: an element with attributes and children, and a button (always a real
 * `<button type="button">`, so it is focusable and answers Enter and Space).
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

/** A `<button type="button">` that calls `onClick`. */
export function button(
  label: Child,
  onClick: () => void,
  attrs: Record<string, string> = {},
): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, label) as HTMLButtonElement;
  el.addEventListener('click', onClick);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes and children. */
export function svg(
  tag: string,
  attrs: Record<string, string | number> = {},
  ...children: Child[]
): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Pretty JSON of `value` (strings as they are). */
export function pretty(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}
