import type { LogLine, LogsResult } from '../../../../../server/actions/results.ts';
import type * as LinearEngine from '../../../../../server/steps/linear-regexp.ts';
import type { LinearRegExp } from '../../../../../server/steps/linear-regexp.ts';
import { h, highlighted } from '../dom.ts';

/** Pod colours cycle through this many classes (rs-pod-0…), from Starlight's palette. */
const POD_COLOURS = 6;

export interface LogViewer {
  element: HTMLElement;
  /** Adds lines as a follow streams them; while paused they wait, counted, until Follow. */
  append(lines: LogLine[]): void;
}

/**
 * `kubernetes.pods.logs`: lines interleaved by time, each pod in its own colour, the step's grep
 * matches (and a pattern typed here) highlighted. While a follow streams, Pause holds new lines
 * back and Follow shows them and keeps the newest line in view.
 */
export function logViewer(grepPattern?: {
  pattern: string;
  ignoreCase: boolean;
  invert: boolean;
}): LogViewer {
  const pods = new Map<string, number>();
  let stepPattern: LinearRegExp | null = null;
  let local: LinearRegExp | null = null;
  let following = true;
  let waiting: LogLine[] = [];
  const shown: LogLine[] = [];

  const list = h('ol', { class: 'rs-log', tabindex: '0', 'aria-label': 'Log lines' });
  const legend = h('ul', { class: 'rs-log-pods', 'aria-label': 'Pods' });
  const counter = h('span', { class: 'rs-note' });
  const follow = h('button', { type: 'button', class: 'rs-tool', 'aria-pressed': 'true' }, 'Pause');
  const search = h('input', {
    type: 'search',
    class: 'rs-log-search',
    'aria-label': 'Highlight in the log',
    placeholder: 'Highlight…',
  });

  const colourOf = (pod: string) => {
    let index = pods.get(pod);
    if (index === undefined) {
      index = pods.size;
      pods.set(pod, index);
      legend.append(h('li', { class: `rs-pod rs-pod-${index % POD_COLOURS}` }, pod));
    }
    return index % POD_COLOURS;
  };
  const regexps = () =>
    [stepPattern, local].filter((regexp): regexp is LinearRegExp => regexp !== null);
  const row = (line: LogLine) =>
    h(
      'li',
      {
        class: `rs-log-line${line.context ? ' rs-log-context' : ''}${line.gap ? ' rs-log-gap' : ''}`,
      },
      h(
        'span',
        { class: `rs-pod rs-pod-${colourOf(line.pod)}`, title: line.pod },
        shortPod(line.pod),
      ),
      h('span', { class: 'rs-log-text' }, highlighted(line.text, regexps())),
    );
  const count = () => {
    counter.textContent = `${shown.length} line${shown.length === 1 ? '' : 's'}${waiting.length ? `, ${waiting.length} new while paused` : ''}`;
  };
  const show = (lines: LogLine[]) => {
    shown.push(...lines);
    list.append(...lines.map(row));
    if (following) list.scrollTop = list.scrollHeight;
    count();
  };

  follow.addEventListener('click', () => {
    following = !following;
    follow.setAttribute('aria-pressed', String(following));
    follow.textContent = following ? 'Pause' : 'Follow';
    if (following) {
      const held = waiting;
      waiting = [];
      show(held);
    }
    count();
  });
  search.addEventListener('input', () => {
    const typed = search.value;
    const apply = (pattern: LinearRegExp | null) => {
      if (search.value !== typed) return; // typed on since
      local = pattern;
      list.replaceChildren(...shown.map(row));
    };
    // Once the engine has loaded, a typed pattern highlights at once, not a task later.
    if (engine) apply(compileOrNull(engine, typed, true));
    else void linearPattern(typed, true).then(apply);
  });
  // The step's grep marks appear once the pattern engine has loaded (it loads with the first log).
  if (grepPattern && !grepPattern.invert) {
    void linearPattern(grepPattern.pattern, grepPattern.ignoreCase).then((pattern) => {
      stepPattern = pattern;
      if (pattern) list.replaceChildren(...shown.map(row));
    });
  }

  const element = h(
    'section',
    { class: 'rs-card rs-logs', 'aria-label': 'Pod logs' },
    h('div', { class: 'rs-toolbar' }, follow, search, counter),
    legend,
    list,
  );
  count();
  return {
    element,
    append(lines) {
      if (following) show(lines);
      else {
        waiting.push(...lines);
        count();
      }
    },
  };
}

/** The finished read: every line, the pods read and any pod that could not be. */
export function logsView(result: LogsResult, grep?: Parameters<typeof logViewer>[0]): HTMLElement {
  const viewer = logViewer(grep);
  viewer.append(result.lines);
  const notes = [
    `${result.kept} of ${result.scanned} lines kept from ${result.pods.length} pod${result.pods.length === 1 ? '' : 's'}`,
    result.truncated ? `only the newest ${result.lines.length} shown` : '',
  ].filter(Boolean);
  viewer.element.prepend(h('p', { class: 'rs-note' }, notes.join('; ') + '.'));
  for (const error of result.errors) {
    viewer.element.append(h('p', { class: 'rs-failure' }, `${error.pod}: ${error.message}`));
  }
  return viewer.element;
}

function shortPod(pod: string): string {
  // orchestrator-worker-7d9f8-abcde → the part that tells replicas apart.
  const parts = pod.split('-');
  return parts.length > 2 ? parts.slice(-2).join('-') : pod;
}

/**
 * A pattern on the linear-time engine (RE2), loaded on demand so pages without logs do not carry
 * it; null for an empty or invalid one. A backtracking RegExp here could freeze the tab on a
 * pattern such as `(a+)+$`.
 */
async function linearPattern(pattern: string, ignoreCase: boolean): Promise<LinearRegExp | null> {
  if (!pattern) return null;
  engine ??= await import('../../../../../server/steps/linear-regexp.ts');
  return compileOrNull(engine, pattern, ignoreCase);
}

type Engine = typeof LinearEngine;
/** The engine module once loaded, so later patterns compile synchronously. */
let engine: Engine | null = null;

function compileOrNull(loaded: Engine, pattern: string, ignoreCase: boolean): LinearRegExp | null {
  if (!pattern) return null;
  try {
    return loaded.linearRegExp(pattern, ignoreCase);
  } catch {
    return null;
  }
}
