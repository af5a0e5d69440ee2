import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import type { AuditRecord } from '../../../../server/audit/record.ts';
import { startMain } from '../../../support/main-process.ts';
import { eventually } from '../../../support/kubernetes.ts';

const cluster = inject('kubernetes');

async function trail(path: string): Promise<AuditRecord[]> {
  const audit = createSqliteAuditStore(path);
  try {
    return await Array.fromAsync(audit.all());
  } finally {
    await audit.close();
  }
}

describe('the backend process killed in the middle of a run', () => {
  let main: Awaited<ReturnType<typeof startMain>> | undefined;
  afterEach(async () => {
    await main?.stop();
    main = undefined;
  });

  it('shows the run as interrupted after a restart, not lost, and keeps the chain intact', async () => {
    const auditPath = join(mkdtempSync(join(tmpdir(), 'runsheet-killed-')), 'audit.db');
    const env = {
      RUNSHEET_AUDIT_SQLITE_PATH: auditPath,
      RUNSHEET_KUBE_CONFIG: cluster.kubeconfig,
      RUNSHEET_KUBE_NAMESPACE: cluster.namespace,
      RUNSHEET_STEPS: 'any',
      RUNSHEET_ENVIRONMENT: 'test',
      // No sandbox: a killed process cannot stop the Temporal dev server it would have started.
      RUNSHEET_SANDBOX: 'off',
    };
    main = await startMain(env);
    // A followed log: a run that stays in flight for as long as it is allowed to.
    const request = fetch(`${main.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        action: 'kubernetes.pods.logs',
        input: { selector: 'app=orchestrator-worker', follow: true, followSeconds: 300 },
      }),
    })
      .then((response) => response.text())
      // The client sees the connection drop; what matters is the trail.
      .catch(() => undefined);
    const started = await eventually(
      () => trail(auditPath),
      (records) => records.some((record) => record.kind === 'started'),
      { what: 'the started record of the followed log' },
    );
    await main.kill();
    await request;
    const before = await trail(auditPath);
    expect(before.filter((record) => record.kind === 'finished')).toEqual([]);

    main = await startMain(env);
    const after = await trail(auditPath);
    const runId = started.find((record) => record.kind === 'started')!.runId;
    const finished = after.filter((record) => record.kind === 'finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      runId,
      action: 'kubernetes.pods.logs',
      outcome: 'interrupted',
      error: {
        code: 'interrupted',
        message: expect.stringMatching(/stopped before the run finished/),
      },
    });
    // The audit API and its filter show it too, and the chain holds.
    const listed = (await (
      await fetch(`${main.url}/api/audit?outcome=interrupted&limit=10`)
    ).json()) as { records: AuditRecord[] };
    // The outcome filter finds the run (both its records).
    expect(new Set(listed.records.map((record) => record.runId))).toEqual(new Set([runId]));
    const audit = createSqliteAuditStore(auditPath);
    try {
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 2 });
    } finally {
      await audit.close();
    }

    // A second restart does not close it again.
    await main.stop();
    main = await startMain(env);
    expect(await trail(auditPath)).toHaveLength(2);
  });
});
