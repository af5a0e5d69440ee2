import { afterAll, describe, expect, inject, it } from 'vitest';
import { drills } from '../../../../server/drills/registry.ts';
import { testApp } from '../../../support/app.ts';
import { drillClient } from '../../../support/drills.ts';

const temporal = inject('temporal');
const apps: ReturnType<typeof testApp>[] = [];
const app = (overrides: Parameters<typeof testApp>[0]) => {
  const created = testApp({ identity: { localUser: 'trainee@example.com' }, ...overrides });
  apps.push(created);
  return created;
};

afterAll(async () => {
  await Promise.all(apps.map((created) => created.close()));
});

const list = async (runsheet: ReturnType<typeof testApp>) =>
  (await (await runsheet.app.request('/api/drills')).json()) as {
    environment: string;
    drills: { id: string; available: boolean; unavailableBecause: string | null }[];
  };

describe('GET /api/drills', () => {
  it('lists every drill; with Temporal alone, the Temporal ones are available and the others say why not', async () => {
    const body = await list(app({ temporal, environment: 'sandbox' }));
    expect(body.drills.map((drill) => drill.id)).toEqual(drills.map((drill) => drill.id));
    const temporalOnly = drills.filter((drill) => drill.needs.every((need) => need === 'temporal'));
    expect(body.drills.filter((drill) => drill.available).map((drill) => drill.id)).toEqual(
      temporalOnly.map((drill) => drill.id),
    );
    expect(body.drills.find((drill) => drill.id === 'bad-deployment')!.unavailableBecause).toBe(
      'It injects into Kubernetes (kubernetes.*), which this backend has no target for.',
    );
  });

  it('says why a drill cannot run where its target is missing', async () => {
    const body = await list(app({ environment: 'sandbox' }));
    expect(body.drills[0]).toMatchObject({
      id: 'stuck-workflow',
      available: false,
      unavailableBecause:
        'It injects into Temporal (temporal.address), which this backend has no target for.',
    });
  });

  it('offers none outside the sandbox, and says so', async () => {
    const body = await list(app({ temporal, environment: 'production' }));
    expect(body.drills.every((drill) => !drill.available)).toBe(true);
    expect(body.drills[0]!.unavailableBecause).toBe(
      'Drills run only in the sandbox environment: they inject incidents, and this backend acts on production.',
    );
  });
});

describe('POST /api/drills/:id/start', () => {
  it('is refused outside the sandbox, before anything is injected', async () => {
    const runsheet = app({ temporal, environment: 'staging' });
    const { status, body } = await drillClient(runsheet).start('stuck-workflow');
    expect(status).toBe(403);
    expect(body.error).toMatchObject({
      code: 'permission_denied',
      message:
        'Drills run only in the sandbox environment: they inject incidents, and this backend acts on staging.',
    });
    // Nothing injected: the only record is the refusal itself (issue 12: refusals are recorded).
    // The refusal is written beside the answer, not before it: wait for it.
    await expect
      .poll(() => runsheet.audit.list({ limit: 10 }))
      .toMatchObject([
        { kind: 'refused', action: 'POST /api/drills/stuck-workflow/start', outcome: 'refused' },
      ]);
  });

  it('names the drills there are when the id is unknown', async () => {
    const { status, body } = await drillClient(app({ temporal, environment: 'sandbox' })).start(
      'stuck',
    );
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      message: 'There is no drill "stuck".',
      hint: `GET /api/drills lists the drills: ${drills.map((drill) => drill.id).join(', ')}.`,
    });
  });

  it('refuses a drill whose target is not configured here', async () => {
    const { status, body } = await drillClient(app({ environment: 'sandbox' })).start(
      'stuck-workflow',
    );
    expect(status).toBe(503);
    expect(body.error!.message).toBe(
      'Order stuck waiting for its wave cannot run here. It injects into Temporal (temporal.address), which this backend has no target for.',
    );
  });

  it('needs the operator role', async () => {
    const runsheet = app({
      temporal,
      environment: 'sandbox',
      identity: { localUser: 'viewer@example.com', localRole: 'viewer' },
    });
    const { status, body } = await drillClient(runsheet).start('stuck-workflow');
    expect(status).toBe(403);
    expect(body.error!.message).toBe(
      'Starting a drill needs the operator role in sandbox, which viewer@example.com does not have.',
    );
  });
});

describe('drill attempts', () => {
  it('refuses a check outside the sandbox too', async () => {
    const { status, body } = await drillClient(app({ temporal, environment: 'production' })).check(
      'DRILL-1A2B3C4D',
    );
    expect(status).toBe(403);
    expect(body.error!.message).toBe(
      'Drills run only in the sandbox environment: they inject incidents, and this backend acts on production.',
    );
  });

  it('answers 404 with where to look for an unknown attempt', async () => {
    const drillsApi = drillClient(app({ temporal, environment: 'sandbox' }));
    const { status, body } = await drillsApi.check('DRILL-NOPE');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      message: 'There is no drill attempt DRILL-NOPE in sandbox.',
      hint: 'GET /api/drills/attempts lists the attempts; their ids look like DRILL-1A2B3C4D.',
    });
  });
});
