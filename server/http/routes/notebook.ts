import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { requireRole } from '../../auth/policy.ts';
import type { AuditStore } from '../../audit/audit-store.ts';
import { findIncident } from '../../incidents/incidents.ts';
import { cellLineSchema, previewLine } from '../../notebook/cell-preview.ts';
import { addNote, noteSchema } from '../../notebook/notes.ts';
import { createPresence } from '../../notebook/presence.ts';
import { promoteCell, promoteSchema } from '../../notebook/promote-cell.ts';
import { listRunbookSources } from '../../notebook/runbook-sources.ts';
import { parseOrThrow } from '../../validation.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { roleFirst } from '../role-first.ts';
import { trailReader } from '../trail-reader.ts';

type Env = ApiEnv;

/** How often the live feed looks for new records (they may come from another replica). */
const POLL_MS = 1000;

const json = <S extends z.ZodType>(schema: S, what: string) =>
  validator('json', (value) => parseOrThrow(schema, value, { what }));

/** Everything attached to an incident, oldest first. */
const attached = async (audit: AuditStore, incidentId: string) =>
  (await audit.list({ incidentId, limit: 1000 })).sort((a, b) => a.seq - b.seq);

/**
 * The incident notebook's API: the incident with its timeline, the live feed (new records and who
 * is here, as server-sent events), notes, a typed line's preview, and "Add to runbook".
 * Ad-hoc cells themselves run through POST /api/runs with `incidentId`.
 */
export function notebookRoutes(deps: ApiDeps) {
  const { audit, environment, identity } = deps;
  const runbookSources = deps.runbookSources ?? 'src/content/runbooks';
  const presence = createPresence();
  const member = (c: Context<Env>, what: string) =>
    requireRole(c.get('actor'), 'viewer', environment, identity, what);
  return (
    new Hono<Env>()
      .get('/incidents/:id', trailReader(deps), async (c) => {
        const incident = await findIncident(audit, environment, c.req.param('id'));
        return c.json({
          incident,
          records: await attached(audit, incident.id),
          here: presence.who(incident.id),
        });
      })
      .get('/incidents/:id/live', async (c) => {
        member(c, 'Following an incident');
        const incident = await findIncident(audit, environment, c.req.param('id'));
        let last = Number(c.req.query('after') ?? 0) || 0;
        return streamSSE(c, async (stream) => {
          const send = (event: string, payload: unknown) =>
            stream.writeSSE({ event, data: JSON.stringify(payload) });
          const leave = presence.join(incident.id, c.get('actor').id, (people) => {
            void send('presence', people);
          });
          stream.onAbort(leave);
          try {
            while (!stream.aborted && !stream.closed) {
              for (const record of await attached(audit, incident.id)) {
                if (record.seq <= last) continue;
                last = record.seq;
                await send('record', record);
              }
              await stream.sleep(POLL_MS);
            }
          } finally {
            leave();
          }
        });
      })
      // The role before the body is read, then the body limit (a chunked body has no declared length).
      .post(
        '/incidents/:id/notes',
        ...roleFirst(deps, 'viewer', 'Adding a note to an incident'),
        json(noteSchema, 'note'),
        async (c) => {
          const note = await addNote(
            audit,
            environment,
            c.get('actor'),
            c.req.param('id'),
            c.req.valid('json'),
          );
          return c.json(note, 201);
        },
      )
      .post(
        '/incidents/:id/cells/:runId/runbook',
        ...roleFirst(deps, 'viewer', 'Turning a cell into a runbook step'),
        json(promoteSchema, 'runbook target'),
        async (c) => {
          const { id, runId } = c.req.param();
          const target = c.req.valid('json');
          return c.json(
            await promoteCell({ ...deps, runbookSources }, c.get('actor'), id, runId, target),
          );
        },
      )
      // What a typed line would run is part of working an incident: the viewer role, checked
      // before the line is read or parsed, as on every other route.
      .post(
        '/cells/preview',
        ...roleFirst(deps, 'viewer', 'Previewing a typed line'),
        json(cellLineSchema, 'cell'),
        (c) => c.json(previewLine(c.req.valid('json').line)),
      )
      .get('/runbooks/sources', (c) => c.json({ runbooks: listRunbookSources(runbookSources) }))
  );
}

/**
 * The incident page is one built page (`/incident/`) that reads the id from the address: served
 * for every `/incidents/<id>/`, so a link to an incident opens its notebook.
 */
export function incidentPage(siteDir: string | undefined) {
  const file = siteDir ? join(siteDir, 'incident', 'index.html') : undefined;
  return async function incidentPage(c: Context, next: () => Promise<void>) {
    if (!file || !existsSync(file)) return next();
    return c.html(readFileSync(file, 'utf8'));
  };
}
