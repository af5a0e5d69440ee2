import type { LinearRegExp } from '../../../../server/steps/linear-regexp.ts';

export type Child = Node | string | number | null | undefined | false;

/** Builds elements from data without innerHTML, so text from a target can never become markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** `2026-01-04T10:00:00.000Z` → local date and time, with the ISO value kept for copying. */
export function time(iso: string | null): Child {
  if (!iso) return '—';
  return h('time', { datetime: iso, title: iso }, new Date(iso).toLocaleString());
}

/** `h` for SVG elements (charts), which need their namespace. */
export function svg(
  tag: string,
  attributes: Record<string, string | number | undefined> = {},
  ...children: (Child | Child[])[]
): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** `text` with every match of `regexps` wrapped in `<mark>`, as grep --color shows them. */
export function highlighted(text: string, patterns: readonly LinearRegExp[]): Child[] {
  if (patterns.length === 0 || text === '') return [text];
  const ranges = patterns.flatMap((pattern) => pattern.ranges(text));
  if (ranges.length === 0) return [text];
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: Child[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(h('mark', {}, text.slice(Math.max(start, at), end)));
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
