import type { KubeApi } from '../../../targets/kubernetes.ts';
import { createGrep, type GrepOptions } from './grep.ts';

/** One log line, tagged with where it came from. */
export interface LogLine {
  pod: string;
  container: string;
  /** When the container wrote it (RFC 3339, from the runtime), or null if the line had none. */
  time: string | null;
  text: string;
  /** Set when a grep filter kept the line as -A/-B context rather than as a match. */
  context?: true;
  /** Set on the first line after lines the filter left out (where grep prints `--`). */
  gap?: true;
}

export interface LogQuery {
  namespace: string;
  pod: string;
  container: string;
  tail?: number | undefined;
  sinceSeconds?: number | undefined;
  sinceTime?: string | undefined;
  previous: boolean;
  follow: boolean;
}

export interface PodLogTally {
  /** Lines read from the API server. */
  scanned: number;
  /** Lines kept (all of them without a filter; matches and their context with one). */
  kept: number;
}

/**
 * Streams one container's log through the optional grep filter, handing each kept line to `onLine`
 * as it arrives. Lines are read with their timestamps so several pods can be interleaved by time.
 */
export async function readPodLog(
  kube: KubeApi,
  query: LogQuery,
  grep: GrepOptions | undefined,
  onLine: (line: LogLine) => void,
  signal?: AbortSignal,
): Promise<PodLogTally> {
  const params = new URLSearchParams({ container: query.container, timestamps: 'true' });
  if (query.tail !== undefined) params.set('tailLines', String(query.tail));
  if (query.sinceSeconds !== undefined) params.set('sinceSeconds', String(query.sinceSeconds));
  if (query.sinceTime !== undefined) params.set('sinceTime', query.sinceTime);
  if (query.previous) params.set('previous', 'true');
  if (query.follow) params.set('follow', 'true');
  const path = `/api/v1/namespaces/${encodeURIComponent(query.namespace)}/pods/${encodeURIComponent(query.pod)}/log`;
  const body = await kube.stream(path, params, signal);

  const tally: PodLogTally = { scanned: 0, kept: 0 };
  const filter = grep ? createGrep<LogLine>(grep, (line) => line.text) : undefined;
  const take = (raw: string) => {
    tally.scanned++;
    const line = parseLine(raw, query.pod, query.container);
    if (!filter) {
      tally.kept++;
      onLine(line);
      return;
    }
    for (const hit of filter.push(line)) {
      tally.kept++;
      const kept: LogLine = hit.item;
      if (hit.context) kept.context = true;
      if (hit.gap) kept.gap = true;
      onLine(kept);
    }
  };

  const decoder = new TextDecoder();
  let rest = '';
  try {
    for await (const chunk of body) {
      const text = rest + decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        take(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    }
  } catch (error) {
    // A follow that the caller ended (time limit, cancel) is a normal end, not a failure.
    if (!signal?.aborted) throw error;
  }
  rest += decoder.decode();
  if (rest) take(rest);
  return tally;
}

/** `2026-01-04T10:00:00.123456789Z message` → time and text. */
function parseLine(raw: string, pod: string, container: string): LogLine {
  const space = raw.indexOf(' ');
  const stamp = space > 0 ? raw.slice(0, space) : '';
  if (/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(stamp)) {
    return { pod, container, time: stamp, text: raw.slice(space + 1) };
  }
  return { pod, container, time: null, text: raw };
}

/**
 * A sort key that orders RFC 3339 timestamps by time: fractions padded to nanoseconds (the API
 * server trims trailing zeros) and offsets folded into UTC.
 */
export function timeKey(time: string | null): string {
  if (!time) return '';
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!match) return time;
  const [, seconds, fraction = '', zone] = match;
  const utc = zone === 'Z' ? `${seconds}Z` : new Date(`${seconds}${zone}`).toISOString();
  return `${utc.slice(0, 19)}.${fraction.padEnd(9, '0').slice(0, 9)}`;
}

/**
 * Interleaves the lines of several pods by time, keeping each pod's own order (lines without a
 * time stay after the line before them).
 */
export function interleave(perPod: readonly LogLine[][]): LogLine[] {
  const keyed = perPod.flatMap((lines, podIndex) => {
    let last = '';
    return lines.map((line, seq) => {
      last = line.time ? timeKey(line.time) : last;
      return { line, key: last, podIndex, seq };
    });
  });
  keyed.sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.podIndex - b.podIndex || a.seq - b.seq,
  );
  return keyed.map((entry) => entry.line);
}
