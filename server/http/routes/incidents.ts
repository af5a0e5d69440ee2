import { Hono } from 'hono';
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
import { roleFirst } from '../role-first.ts';

/** Opening, closing and reading incidents (mounted at /incidents). */
export function incidentRoutes(deps: ApiDeps) {
  const { audit, environment } = deps;
  return new Hono<ApiEnv>()
    .get('/', async (c) => c.json({ incidents: await listIncidents(audit, environment) }))
    .post(
      '/',
      ...roleFirst(deps, 'operator', 'Opening an incident'),
      jsonInput(openIncidentSchema, 'incident'),
      async (c) => {
        const incident = c.req.valid('json');
        return c.json(await startIncident(audit, environment, c.get('actor'), incident), 201);
      },
    )
    .post(
      '/:id/close',
      ...roleFirst(deps, 'operator', 'Closing an incident'),
      jsonInput(closeIncidentSchema, 'incident closing'),
      async (c) => {
        const [actor, id] = [c.get('actor'), c.req.param('id')];
        return c.json(await endIncident(audit, environment, actor, id, c.req.valid('json')));
      },
    )
    .get('/:id/timeline', async (c) => {
      const id = c.req.param('id');
      const incident = await findIncident(audit, environment, id);
      const records = await audit.list({ incidentId: id, kind: 'finished' });
      c.header('content-disposition', `attachment; filename="${id}-timeline.md"`);
      return c.body(incidentTimeline(incident, records), 200, {
        'content-type': 'text/markdown; charset=utf-8',
      });
    });
}
