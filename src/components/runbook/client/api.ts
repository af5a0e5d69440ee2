import { hc } from 'hono/client';
import type { ApiType } from '../../../../server/app.ts';
import type { Progress } from '../../../../server/actions/results.ts';
import type { ErrorBody } from '../../../../server/errors.ts';
import type { RunOutcome } from '../../../../server/runs/execute-run.ts';

/** The one typed client every island uses to reach the backend on the same origin. */
const api = hc<ApiType>('/api');

export type RunError = ErrorBody['error'];
export type RunResponse = { ok: true; outcome: RunOutcome } | { ok: false; error: RunError };

const NO_BACKEND =
  'No Runsheet backend answers on this site (it is served as static files, or Runsheet is down), so steps cannot run here. Start Runsheet with `npm start` and open the page it serves.';
const NOT_ANSWERING =
  'The Runsheet backend is not answering (it may be restarting). Trying again every few seconds…';

/** Whether a step can run here; `retry` when the backend may answer later (down or restarting). */
export interface Availability {
  reason: string | null;
  retry: boolean;
}

let backend: Promise<(action: string) => Availability> | undefined;

/**
 * Why a step cannot run here (no backend, or the person may not run that action), or null.
 * GET /api/me says who the person is and what is forbidden. Runsheet's answer, or a static host's
 * (404, or a page that is not Runsheet's), is kept for the page; no answer, a timeout or a proxy's
 * 5xx is not, so the next call asks again: a backend that restarts at 3 a.m. comes back by itself.
 */
export function whyNot(action: string): Promise<Availability> {
  backend ??= api.me
    .$get(undefined, { init: { signal: AbortSignal.timeout(5_000) } })
    .then(async (response) => {
      if (response.status >= 500) return notAnswering();
      const me = response.ok ? await response.json().catch(() => null) : null;
      if (!me || typeof me !== 'object' || !('forbidden' in me))
        return () => ({ reason: NO_BACKEND, retry: false });
      return (id: string) => ({ reason: me.forbidden[id] ?? null, retry: false });
    })
    .catch(notAnswering);
  return backend.then((availability) => availability(action));
}

function notAnswering() {
  backend = undefined;
  return () => ({ reason: NOT_ANSWERING, retry: true });
}

/** What the person adds once they have seen the preview (and where the step is, for the trail). */
export interface RunExtras {
  confirm?: boolean;
  reason?: string;
  page?: string;
  step?: string;
  params?: Record<string, string>;
  /** Under the two-person rule: the approved request this run carries out. */
  approvalId?: string;
  /** Ad-hoc work on an incident page: the incident, and the line typed (absent for a form). */
  incidentId?: string;
  line?: string;
}

/**
 * Runs a step. The run is asked for as a stream (SSE), so long runs report progress while they go
 * (`onProgress`); the stream ends with one `result` or `error` event.
 */
export async function runAction(
  action: string,
  input: Record<string, unknown>,
  signal: AbortSignal,
  extras: RunExtras = {},
  onProgress: (update: Progress) => void = () => {},
): Promise<RunResponse> {
  try {
    const response = await api.runs.$post(
      { json: { action, input, ...extras } },
      { headers: { accept: 'text/event-stream' }, init: { signal } },
    );
    if (!response.headers.get('content-type')?.includes('text/event-stream') || !response.body) {
      const body: unknown = await response.json();
      if (response.ok) return { ok: true, outcome: body as RunOutcome };
      return { ok: false, error: errorOf(body, response.status) };
    }
    let answer: RunResponse | undefined;
    await readEvents(response.body, (event, data) => {
      if (event === 'progress') onProgress(data as Progress);
      else if (event === 'result') answer = { ok: true, outcome: data as RunOutcome };
      else if (event === 'error') answer = { ok: false, error: errorOf(data, 500) };
    });
    if (answer) return answer;
    if (signal.aborted) return cancelled();
    return unreachable('the stream ended before the result');
  } catch (error) {
    if (signal.aborted) return cancelled();
    return unreachable((error as Error).message);
  }
}

const cancelled = (): RunResponse => ({
  ok: false,
  error: { code: 'cancelled', message: 'Cancelled.', hint: null },
});

const unreachable = (why: string): RunResponse => ({
  ok: false,
  error: {
    code: 'target_unreachable',
    message: `Runsheet's backend did not answer: ${why}`,
    hint: 'Check that Runsheet is still running, then try again.',
  },
});

/** Server-sent events from a response body: `event:` and `data:` lines, blocks split by a blank line. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    buffer += decoder.decode(value, { stream: !done });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(event, JSON.parse(data.join('\n')) as unknown);
    }
    if (done) return;
  }
}

function errorOf(body: unknown, status: number): RunError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  return error ?? { code: 'internal', message: `The backend answered ${status}.`, hint: null };
}

/** The pods a `<pod-name>` parameter can name, with their state; empty when none can be listed. */
export async function podChoices(): Promise<{ value: string; note: string }[]> {
  try {
    const response = await api.choices.pods.$get(
      { query: {} },
      { init: { signal: AbortSignal.timeout(5_000) } },
    );
    return response.ok ? (await response.json()).choices : [];
  } catch {
    return [];
  }
}

/** The part of an action input's JSON Schema a parameter field uses. */
export interface InputSchema {
  type?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

let schemas: Promise<Record<string, { properties?: Record<string, InputSchema> }>> | undefined;

/** Each action's input schema, from GET /api/actions, asked once per page; empty with no backend. */
export function actionSchemas() {
  schemas ??= api.actions
    .$get(undefined, { init: { signal: AbortSignal.timeout(5_000) } })
    .then(async (response) => {
      const body = response.ok ? await response.json().catch(() => null) : null;
      if (!body || typeof body !== 'object' || !('actions' in body)) return {};
      return Object.fromEntries(
        body.actions.map((action) => [
          action.id,
          action.input as { properties?: Record<string, InputSchema> },
        ]),
      );
    })
    .catch(() => ({}));
  return schemas;
}
