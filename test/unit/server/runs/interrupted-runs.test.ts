import { hostname } from 'node:os';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import { eventEntry, type AuditEntry } from '../../../../server/audit/record.ts';
import { closeInterruptedRuns } from '../../../../server/runs/interrupted-runs.ts';

const log = pino({ level: 'silent' });

function started(runId: string, writer: string | undefined): AuditEntry {
  return {
    ...eventEntry({
      kind: 'started',
      id: runId,
      actor: 'ada',
      environment: 'test',
      action: 'temporal.workflow.describe',
      risk: 'read',
      input: { workflowId: 'w' },
    }),
    ...(writer ? { writer } : {}),
  };
}

describe('closing the runs of a dead process at start-up', () => {
  it('closes only runs whose process on this host is gone, once', async () => {
    const audit = createSqliteAuditStore(':memory:');
    const dead = `${hostname()}/999999`;
    await audit.append(started('dead-run', dead));
    await audit.append(started('finished-run', dead));
    await audit.append({
      ...started('finished-run', dead),
      kind: 'finished',
      outcome: 'succeeded',
    });
    // Alive: a `runsheet` command beside the server, still running its step.
    await audit.append(started('live-run', `${hostname()}/${process.ppid}`));
    // Another replica of a shared store: this host cannot know whether it still runs.
    await audit.append(started('other-host-run', 'another-pod/1'));
    // Written before Runsheet recorded its writer.
    await audit.append(started('old-run', undefined));

    const isAlive = (pid: number) => pid !== 999999;
    const closed = await closeInterruptedRuns(audit, log, { isAlive });
    expect(closed.map((record) => [record.runId, record.kind, record.outcome])).toEqual([
      ['dead-run', 'finished', 'interrupted'],
    ]);
    expect(closed[0]!.error?.message).toContain(`(${dead}) stopped before the run finished`);
    expect(await closeInterruptedRuns(audit, log, { isAlive })).toEqual([]);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 7 });
    await audit.close();
  });

  it('closes a run of the same pid: a restarted container is pid 1 again', async () => {
    const audit = createSqliteAuditStore(':memory:');
    await audit.append(started('run', `${hostname()}/${process.pid}`));
    const closed = await closeInterruptedRuns(audit, log, { isAlive: () => true });
    expect(closed.map((record) => record.outcome)).toEqual(['interrupted']);
    await audit.close();
  });
});
