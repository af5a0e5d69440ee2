import { Hono } from 'hono';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { setMetric, timing } from 'hono/timing';
import { podChoices } from '../../choices/pod-choices.ts';
import { executeRun, type RunCall } from '../../runs/execute-run.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { errorResponse } from '../error-response.ts';
import { jsonBody } from '../json-body.ts';
import { noteRefusal } from '../refusal-log.ts';
import { bodySizeLimit } from '../body-limit.ts';

/** A caller that takes `progress` events while the run works, not one JSON answer at the end. */
const streams = (c: Context) => c.req.header('accept')?.includes('text/event-stream') ?? false;

/** The one way anything runs (POST /runs), and the choices a step's parameters can take. */
export function runRoutes(deps: ApiDeps) {
  return (
    new Hono<ApiEnv>()
      .get('/choices/pods', async (c) =>
        c.json({
          choices: await podChoices(deps, c.get('actor'), c.req.query(), c.req.raw.signal),
        }),
      )
      // The role a run needs depends on its action, so the pipeline decides it once the body is read;
      // a declared Content-Length over the limit was refused before that (app.ts).
      // A JSON answer says where the run's time went in Server-Timing (a stream's headers go out
      // before the run has any): the trail's durable writes, the gate, the action, the total.
      .post('/runs', timing({ enabled: (c) => !streams(c) }), bodySizeLimit(), async (c) => {
        const body = await jsonBody(c);
        const claimed = (body as { action?: unknown } | null)?.action;
        if (typeof claimed === 'string') c.set('attempted', claimed.slice(0, 200));
        const call: RunCall = {
          body,
          actor: c.get('actor'),
          signal: c.req.raw.signal,
          requestId: c.get('requestId'),
          clientRequestId: c.get('clientRequestId'),
        };
        if (!streams(c)) {
          return c.json(
            await executeRun(deps, {
              ...call,
              onTiming: (stage, ms) => setMetric(c, stage, ms, undefined, 2),
            }),
          );
        }
        // Long runs stream: `progress` events while they work, then one `result` or `error`.
        return streamSSE(c, async (stream) => {
          const controller = new AbortController();
          stream.onAbort(() => controller.abort());
          const send = (event: string, payload: unknown) =>
            stream.writeSSE({ event, data: JSON.stringify(payload) });
          try {
            const outcome = await executeRun(deps, {
              ...call,
              signal: controller.signal,
              onProgress: (update) => void send('progress', update),
            });
            await send('result', outcome);
          } catch (error) {
            const answer = errorResponse(error, deps.log, c.get('requestId'));
            await noteRefusal(deps.refusals, c, answer.body);
            await send('error', answer.body);
          }
        });
      })
  );
}
