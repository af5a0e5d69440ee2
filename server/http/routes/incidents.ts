import { Hono } from 'hono';
import { roleFirst } from '../role-first.ts';
import {
  closeIncidentSchema,
  endIncident,
  findIncident,
  listIncidents,
  openIncidentSchema,
  startIncident,
} from '../../incidents/incidents.ts';
import { incidentTimeline } from '../../incidents/timeline.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { jsonInput } from '../json-body.ts';
import { trailReader } from '../trail-reader.ts';

/** Opening, closing and reading incidents (mounted at /incidents). */
export function incidentRoutes(deps: ApiDeps) {
  const { audit, environment, identity } = deps;
  const reader = trailReader({ environment, identity });
  return new Hono<ApiEnv>()
    .get('/', reader, async (c) => c.json({ incidents: await listIncidents(audit, environment) }))
    .post(
      '/',
      ...roleFirst(deps, 'operator', 'Opening an incident'),
      jsonInput(openIncidentSchema, 'incident'),
      async (c) => {
        const actor = c.get('actor');
        return c.json(await startIncident(audit, environment, actor, c.req.valid('json')), 201);
      },
    )
    .post(
      '/:id/close',
      ...roleFirst(deps, 'operator', 'Closing an incident'),
      jsonInput(closeIncidentSchema, 'incident closing'),
      async (c) => {
        const actor = c.get('actor');
        const id = c.req.param('id');
        return c.json(await endIncident(audit, environment, actor, id, c.req.valid('json')));
      },
    )
    .get('/:id/timeline', reader, async (c) => {
      const id = c.req.param('id');
      const incident = await findIncident(audit, environment, id);
      const records = await audit.list({
        incidentId: id,
        // Runs, and from the notebook its notes and the cells that became runbook steps.
        kind: ['finished', 'note.added', 'cell.promoted'],
      });
      c.header('content-disposition', `attachment; filename="${id}-timeline.md"`);
      return c.body(incidentTimeline(incident, records), 200, {
        'content-type': 'text/markdown; charset=utf-8',
      });
    });
}
