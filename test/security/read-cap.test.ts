import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../server/audit/record.ts';
import type { startMain } from '../support/main-process.ts';
import { api, idleWorkflows, startWithTargets, tokenIdentity, type ApiAnswer } from './attack.ts';

/**
 * Reads per person (issue 12, low): one person could keep any number of reads going against the
 * targets, and refused attempts left no record. Now each person has at most
 * policy.readRunsInFlight reads running, and every refused attempt reaches the trail (who, what,
 * why) without a flood of them filling it: the first of a person's refusals for one reason is
 * written at once, the rest of that minute as one record with their count.
 */
const FLOOD = 20;
const config = {
  identity: tokenIdentity({
    'dave@example.com': [{ role: 'viewer' }],
    'erin@example.com': [{ role: 'viewer' }],
  }),
  policy: { readRunsInFlight: 1 },
};
const trail = { RUNSHEET_AUDIT_SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'rs-cap-')), 'a.db') };
const count = { action: 'temporal.workflow.count', input: {} };
let runsheet: Awaited<ReturnType<typeof startMain>>;
let idle: Awaited<ReturnType<typeof idleWorkflows>>;
let waitedOn: WorkflowHandle;

const as = (person: string, path: string, body?: unknown) =>
  api(runsheet.url, `${person}@example.com`, path, body);
const refusedOf = async (person: string) => {
  const { body } = await as('erin', `/api/audit?kind=refused&actor=${person}@example.com`);
  return (body['records'] as AuditRecord[]).sort((a, b) => a.seq - b.seq);
};

beforeAll(async () => {
  [runsheet, idle] = await Promise.all([startWithTargets(config, trail), idleWorkflows()]);
  waitedOn = await idle.start();
});
afterAll(async () => {
  await Promise.all([runsheet?.stop(), idle?.close()]);
});

describe('reads running at once, per person', () => {
  it('past the cap are refused at once, saying why; others are not held up; a finished read frees its place', async () => {
    // A read that holds its place: waiting for the result of a workflow that is not done.
    const held = as('dave', '/api/runs', {
      action: 'temporal.workflow.result',
      input: { workflowId: waitedOn.workflowId, waitSeconds: 600 },
    });
    // Its "started" record is written once it has its place (and before it touches Temporal).
    await vi.waitFor(
      async () => {
        const { body } = await as('erin', '/api/audit?kind=started&actor=dave@example.com');
        expect(body['records']).toHaveLength(1);
      },
      { timeout: 20_000, interval: 100 },
    );

    const flood: ApiAnswer[] = await Promise.all(
      Array.from({ length: FLOOD }, () => as('dave', '/api/runs', count)),
    );
    for (const answer of flood) {
      expect(answer.status).toBe(429);
      expect(answer.body.error).toEqual({
        code: 'rate_limited',
        message: 'dave@example.com already has 1 reads running; this one was not started.',
        hint: 'Wait for one to finish (or stop a followed log), then run the step again.',
      });
    }
    expect((await as('erin', '/api/runs', count)).status).toBe(200);

    await waitedOn.terminate('red team: end the read that holds the place');
    expect(await held).toMatchObject({
      status: 200,
      body: { result: { status: 'TERMINATED' } },
    });
    expect((await as('dave', '/api/runs', count)).status).toBe(200);
  });

  it('refused, each reach the trail: the first at once, the rest of the flood as one record with its count', async () => {
    const refusal = {
      kind: 'refused',
      actor: 'dave@example.com',
      action: 'temporal.workflow.count',
      outcome: 'refused',
      error: {
        code: 'rate_limited',
        message: 'dave@example.com already has 1 reads running; this one was not started.',
      },
    };
    const first = await refusedOf('dave');
    expect(first).toEqual([expect.objectContaining({ ...refusal, input: { count: 1 } })]);

    // The rest are counted until the minute is up, or until the server stops: then written.
    await runsheet.stop();
    runsheet = await startWithTargets(config, trail);
    const all = await refusedOf('dave');
    expect(all).toEqual([
      expect.objectContaining({ ...refusal, input: { count: 1 } }),
      expect.objectContaining({
        ...refusal,
        input: { count: FLOOD - 1, since: expect.any(String) },
      }),
    ]);
    expect(await refusedOf('erin')).toEqual([]);
    expect((await as('erin', '/api/audit/verify')).body).toMatchObject({ ok: true });
  });
});
