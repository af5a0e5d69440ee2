import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canonicalJson, sha256, type AuditRecord } from '../../../../server/audit/record.ts';
import { ephemeralKeys } from '../../../../server/audit/mac-keys.ts';
import { createMongoAuditStore } from '../../../../server/audit/mongo-store.ts';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import { orderWorkflowId, planningWorkflowId } from '../../../../sandbox/shared.ts';
import { testApp } from '../../../support/app.ts';
import { describeStepManifest } from '../../../support/manifest.ts';
import { mongoUriWithCredentials } from '../../../support/mongo-uri.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
let wms: Wms;
let runsheet: ReturnType<typeof testApp>;
let auditPath: string;

async function records(query = ''): Promise<AuditRecord[]> {
  const response = await runsheet.app.request(`/api/audit?limit=1000${query}`);
  return ((await response.json()) as { records: AuditRecord[] }).records;
}

const manifest = describeStepManifest('runbooks/stuck-workflow-recovery', 'check-workflow-status');

beforeAll(async () => {
  wms = await startWms(temporal);
  auditPath = join(mkdtempSync(join(tmpdir(), 'runsheet-audit-')), 'audit.db');
  runsheet = testApp(
    // 200 reads at once from one person: above the per-person read cap (policy.readRunsInFlight),
    // raised here because this test is about the chain under concurrency, not the cap.
    { temporal, identity: { localUser: 'dave@example.com' }, policy: { readRunsInFlight: 200 } },
    { audit: createSqliteAuditStore(auditPath), manifest },
  );
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('every run is in the audit trail', () => {
  it('records "started" before the target is touched and "finished" with the outcome and a digest of the result', async () => {
    const { orderId } = await wms.stuckOrder();
    const { body } = await runsheet.run({
      action: 'temporal.workflow.describe',
      input: { workflowId: orderWorkflowId(orderId) },
      page: 'runbooks/stuck-workflow-recovery',
      step: 'check-workflow-status',
      params: { orderId },
    });
    const [finished, started] = await records(`&runId=${body.id}`);
    expect(started).toMatchObject({
      kind: 'started',
      actor: 'dave@example.com',
      environment: 'test',
      action: 'temporal.workflow.describe',
      risk: 'read',
      page: 'runbooks/stuck-workflow-recovery',
      step: 'check-workflow-status',
      input: { workflowId: orderWorkflowId(orderId) },
      outcome: null,
    });
    expect(finished).toMatchObject({
      kind: 'finished',
      outcome: 'succeeded',
      durationMs: expect.any(Number),
    });
    expect(finished!.resultDigest).toBe(sha256(canonicalJson(body.result)));
    expect(finished!.seq).toBe(started!.seq + 1);
  });

  it('records a refused destructive run with its preview', async () => {
    const { orderId } = await wms.stuckOrder();
    const { body } = await runsheet.run({
      action: 'temporal.workflow.terminate',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
    });
    const [finished] = await records(`&outcome=refused&action=temporal.workflow.terminate`);
    expect(finished).toMatchObject({
      outcome: 'refused',
      confirmed: true,
      reason: null,
      error: { code: 'confirmation_required', message: body.error!.message },
      preview: { summary: expect.stringContaining(`Terminate ${orderWorkflowId(orderId)}`) },
    });
  });

  it('never stores a secret given in an input', async () => {
    const uri = 'mongodb://admin:s3cr3t-Pa55@db.wms:27017';
    await runsheet.run({ action: 'temporal.workflow.describe', input: { workflowId: uri } });
    const trail = JSON.stringify(await records());
    expect(trail).not.toContain('s3cr3t-Pa55');
    expect(trail).toContain('mongodb://admin:[redacted]@db.wms:27017');
  });

  it('keeps 200 complete runs and an intact chain when they run at once', async () => {
    const { orderId } = await wms.stuckOrder();
    const before = (await records()).length;
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        runsheet.run({
          action: 'temporal.workflow.describe',
          input: { workflowId: orderWorkflowId(orderId) },
        }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const trail = await records();
    expect(trail.length - before).toBe(400);
    for (const { body } of answers) {
      expect(
        trail
          .filter((record) => record.runId === body.id)
          .map((record) => record.kind)
          .sort(),
      ).toEqual(['finished', 'started']);
    }
    const verify = await runsheet.app.request('/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true, checked: trail.length });
  });

  it('npm run audit:verify names the first record someone edited', () => {
    const verify = () =>
      spawnSync(process.execPath, ['server/audit/verify-cli.ts'], {
        env: { PATH: process.env['PATH'], RUNSHEET_AUDIT_SQLITE_PATH: auditPath },
        encoding: 'utf8',
      });
    expect(verify()).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^Audit trail intact: \d+ records \(sqlite\)\.$/m),
    });

    const db = new DatabaseSync(auditPath);
    const row = db.prepare('SELECT record FROM audit_records WHERE seq = 2').get() as {
      record: string;
    };
    const edited = { ...(JSON.parse(row.record) as AuditRecord), actor: 'mallory@example.com' };
    db.prepare('UPDATE audit_records SET record = ? WHERE seq = 2').run(JSON.stringify(edited));
    db.close();

    expect(verify()).toMatchObject({
      status: 1,
      stdout: expect.stringMatching(
        /^Audit trail broken at record 2 \(run [0-9a-f-]+\): its content does not match its hash: edited\./,
      ),
    });
  });
});

describe('fail closed', () => {
  it('refuses to run when the trail cannot be written, and the target is untouched', async () => {
    const broken = createSqliteAuditStore(':memory:');
    await broken.close();
    const blind = testApp({ temporal }, { audit: broken });
    try {
      const { orderId, handle } = await wms.stuckOrder();
      const { status, body } = await blind.run({
        action: 'temporal.workflow.signal',
        input: {
          workflowId: planningWorkflowId(orderId),
          signalName: 'waveAssigned',
          input: { waveId: 'W-1', scheduledStart: '2026-01-04T10:00:00Z' },
        },
        confirm: true,
      });
      expect(status).toBe(503);
      expect(body.error).toMatchObject({
        code: 'audit_unavailable',
        message: 'The audit trail cannot be written, so nothing was run.',
      });
      const planning = wms.client.workflow.getHandle(planningWorkflowId(orderId));
      const events = (await planning.fetchHistory()).events!;
      expect(events.some((event) => event.workflowExecutionSignaledEventAttributes)).toBe(false);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await blind.close();
    }
  });
});

describe('on the shared MongoDB store too', () => {
  it('keeps 200 complete runs and an intact chain when they run at once', async () => {
    const mongo = inject('mongo');
    const shared = testApp(
      { temporal, policy: { readRunsInFlight: 200 } },
      {
        audit: createMongoAuditStore({
          uri: mongoUriWithCredentials(mongo),
          database: `runsheet_runs_${randomUUID().slice(0, 8)}`,
          keys: ephemeralKeys(),
        }),
      },
    );
    try {
      const { orderId } = await wms.stuckOrder();
      const answers = await Promise.all(
        Array.from({ length: 200 }, () =>
          shared.run({
            action: 'temporal.workflow.describe',
            input: { workflowId: orderWorkflowId(orderId) },
          }),
        ),
      );
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      const trail = await shared.audit.list({ limit: 1000 });
      expect(trail).toHaveLength(400);
      expect(
        new Set(trail.filter((record) => record.kind === 'finished').map((record) => record.runId))
          .size,
      ).toBe(200);
      expect(await shared.audit.verify()).toEqual({ ok: true, checked: 400, problem: null });
    } finally {
      await shared.close();
    }
  }, 180_000);
});
