import { hc } from 'hono/client';
import type { ApiType } from '../../../../server/app.ts';
import type { ErrorBody } from '../../../../server/errors.ts';
import type { RunOutcome } from '../../../../server/runs/execute-run.ts';

/** The one typed client every island uses to reach the backend on the same origin. */
const api = hc<ApiType>('/api');

export type RunError = ErrorBody['error'];
export type RunResponse = { ok: true; outcome: RunOutcome } | { ok: false; error: RunError };

let backend: Promise<string | null> | undefined;

const NO_BACKEND =
  'No Runsheet backend answers on this site (it is served as static files, or Runsheet is down), so steps cannot run here. Start Runsheet with `npm start` and open the page it serves.';

/** Why Run buttons cannot work here, or null when the backend answers. Asked once per page. */
export function backendUnavailableReason(): Promise<string | null> {
  backend ??= api.health
    .$get(undefined, { init: { signal: AbortSignal.timeout(5_000) } })
    // Static hosting may answer 404, or 200 with an HTML page: only Runsheet's own answer counts.
    .then(async (response) => {
      const body = response.ok ? await response.json().catch(() => null) : null;
      return body?.status === 'ok' ? null : NO_BACKEND;
    })
    .catch(() => NO_BACKEND);
  return backend;
}

export async function runAction(
  action: string,
  input: Record<string, unknown>,
  signal: AbortSignal,
): Promise<RunResponse> {
  try {
    const response = await api.runs.$post({ json: { action, input } }, { init: { signal } });
    const body: unknown = await response.json();
    if (response.ok) return { ok: true, outcome: body as RunOutcome };
    return { ok: false, error: errorOf(body, response.status) };
  } catch (error) {
    if (signal.aborted)
      return { ok: false, error: { code: 'cancelled', message: 'Cancelled.', hint: null } };
    return {
      ok: false,
      error: {
        code: 'target_unreachable',
        message: `Runsheet's backend did not answer: ${(error as Error).message}`,
        hint: 'Check that Runsheet is still running, then try again.',
      },
    };
  }
}

function errorOf(body: unknown, status: number): RunError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  return error ?? { code: 'internal', message: `The backend answered ${status}.`, hint: null };
}
