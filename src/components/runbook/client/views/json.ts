import { h } from '../dom.ts';

/** Any result, as indented JSON: the fallback view and the "Raw JSON" toggle of every other view. */
export function jsonView(result: unknown): HTMLElement {
  return h('pre', { class: 'rs-json' }, h('code', {}, JSON.stringify(result, null, 2)));
}
