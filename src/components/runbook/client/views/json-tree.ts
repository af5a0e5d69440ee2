import { h, type Child } from '../dom.ts';

/** Objects and arrays deeper than this start folded, as do any with more entries than FOLD_OVER. */
const OPEN_DEPTH = 2;
const FOLD_OVER = 20;

/**
 * Any result as a tree of `<details>`: each object or array folds and unfolds (Enter/Space on its
 * summary), leaves are typed (strings quoted, numbers, booleans, null). The fallback view.
 */
export function jsonTreeView(value: unknown, label = 'Result'): HTMLElement {
  return h('div', { class: 'rs-json-tree', role: 'group', 'aria-label': label }, node(value, 0));
}

function node(value: unknown, depth: number, key?: string): Child {
  const name = key === undefined ? null : h('span', { class: 'rs-json-key' }, `${key}: `);
  if (value === null || typeof value !== 'object') {
    return h('div', { class: 'rs-json-leaf' }, name, leaf(value));
  }
  const entries = Array.isArray(value)
    ? value.map((inner, index) => [String(index), inner] as const)
    : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return h('div', { class: 'rs-json-leaf' }, name, brackets.join(''));
  }
  const open = depth < OPEN_DEPTH && entries.length <= FOLD_OVER;
  const details = h(
    'details',
    { class: 'rs-json-node' },
    h(
      'summary',
      {},
      name,
      brackets[0],
      h(
        'span',
        { class: 'rs-json-count' },
        ` ${entries.length} ${Array.isArray(value) ? 'item' : 'key'}${entries.length === 1 ? '' : 's'} `,
      ),
      brackets[1],
    ),
    h(
      'div',
      { class: 'rs-json-children' },
      entries.map(([inner, child]) => node(child, depth + 1, inner)),
    ),
  );
  details.open = open;
  return details;
}

function leaf(value: unknown): HTMLElement {
  const type = value === null ? 'null' : typeof value;
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return h('span', { class: `rs-json-${type}` }, text);
}
