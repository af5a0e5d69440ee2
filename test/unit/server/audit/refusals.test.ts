import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { refusalRecorder } from '../../../../server/audit/refusals.ts';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';

const refusal = (actor: string | null, code = 'permission_denied') => ({
  actor,
  code,
  message: 'no',
  what: 'temporal.workflow.terminate',
  requestId: 'r-1',
});

describe('refusalRecorder', () => {
  it('writes the first refusal of an actor and reason at once, and the rest as one count', async () => {
    const audit = createSqliteAuditStore(':memory:');
    const recorder = refusalRecorder(audit, 'production', pino({ level: 'silent' }));
    for (let i = 0; i < 500; i++) recorder.note(refusal('mallory'));
    recorder.note(refusal('mallory', 'step_not_declared'));
    recorder.note(refusal(null, 'host_not_allowed'));
    await recorder.flush();
    const records = await audit.list({ limit: 100 });
    const summary = records.map((record) => [
      record.kind,
      record.actor,
      record.error?.code,
      (record.input as { count: number }).count,
    ]);
    expect(summary).toHaveLength(4);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['refused', 'mallory', 'permission_denied', 1],
        ['refused', 'mallory', 'permission_denied', 499],
        ['refused', 'mallory', 'step_not_declared', 1],
        ['refused', 'unidentified', 'host_not_allowed', 1],
      ]),
    );
    expect(records.every((record) => record.outcome === 'refused')).toBe(true);
    expect((await audit.verify()).ok).toBe(true);
    await audit.close();
  });
});
