import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditStore } from '../../server/audit/audit-store.ts';
import type { AuditEntry } from '../../server/audit/record.ts';

/** What a test needs to reach under a store, to tamper with it as an attacker with write access would. */
export interface Tamper {
  /** Changes one field of record `seq` without fixing its hash. */
  edit(seq: number, field: string, value: unknown): Promise<void>;
  remove(seq: number): Promise<void>;
  /** Swaps the contents of records `a` and `b`. */
  swap(a: number, b: number): Promise<void>;
}

export function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    kind: 'started',
    runId: randomUUID(),
    at: new Date().toISOString(),
    actor: 'alice@example.com',
    environment: 'test',
    action: 'temporal.workflow.describe',
    risk: 'read',
    page: null,
    step: null,
    input: { workflowId: 'order-fulfillment-ORD-12345' },
    confirmed: false,
    reason: null,
    incidentId: null,
    requestId: null,
    outcome: null,
    durationMs: null,
    preview: null,
    resultDigest: null,
    error: null,
    ...overrides,
  };
}

/** The contract every audit store honours; each store's test file calls this once. */
export function auditStoreContract(
  name: string,
  open: () => Promise<{ store: AuditStore; tamper: Tamper }>,
) {
  describe(`${name} audit store`, () => {
    let store: AuditStore;
    let tamper: Tamper;
    beforeEach(async () => {
      ({ store, tamper } = await open());
    });
    afterEach(async () => {
      await store.close();
    });

    const appendMany = async (count: number) => {
      const records = [];
      for (let i = 0; i < count; i++)
        records.push(await store.append(entry({ actor: `user-${i}@example.com` })));
      return records;
    };

    it('chains each record to the one before, from 1 with no gaps', async () => {
      const [first, second, third] = await appendMany(3);
      expect([first!.seq, second!.seq, third!.seq]).toEqual([1, 2, 3]);
      expect(second!.prevHash).toBe(first!.hash);
      expect(third!.prevHash).toBe(second!.hash);
      expect(await store.verify()).toEqual({ ok: true, checked: 3, problem: null });
    });

    it('lists newest first, filtered, within the limit', async () => {
      const runId = randomUUID();
      await store.append(
        entry({
          runId,
          actor: 'bob@example.com',
          action: 'temporal.workflow.terminate',
          risk: 'destructive',
        }),
      );
      await appendMany(2);
      await store.append(
        entry({
          runId,
          kind: 'finished',
          actor: 'bob@example.com',
          action: 'temporal.workflow.terminate',
          risk: 'destructive',
          outcome: 'refused',
        }),
      );

      expect((await store.list({ limit: 10 })).map((record) => record.seq)).toEqual([4, 3, 2, 1]);
      expect((await store.list({ limit: 2 })).map((record) => record.seq)).toEqual([4, 3]);
      expect(
        (await store.list({ actor: 'bob@example.com', limit: 10 })).map((record) => record.seq),
      ).toEqual([4, 1]);
      expect(
        (await store.list({ risk: 'destructive', limit: 10 })).every(
          (record) => record.runId === runId,
        ),
      ).toBe(true);
      expect(
        (await store.list({ outcome: 'refused', limit: 10 })).map((record) => record.kind),
      ).toEqual(['finished', 'started']);
      expect(await store.list({ since: '2999-01-01T00:00:00Z', limit: 10 })).toEqual([]);
    });

    it('keeps one intact chain under 200 appends at once', async () => {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.append(entry({ actor: `parallel-${i}` }))),
      );
      const result = await store.verify();
      expect(result).toEqual({ ok: true, checked: 200, problem: null });
    });

    it('names an edited record', async () => {
      await appendMany(5);
      await tamper.edit(3, 'actor', 'mallory@example.com');
      expect(await store.verify()).toEqual({
        ok: false,
        checked: 2,
        problem: {
          seq: 3,
          runId: expect.any(String),
          reason: 'its content does not match its hash: edited',
        },
      });
    });

    it('names the place where a record was removed', async () => {
      await appendMany(5);
      await tamper.remove(3);
      const result = await store.verify();
      expect(result.ok).toBe(false);
      expect(result.problem).toMatchObject({
        seq: 4,
        reason: 'found record 4 where record 3 belongs: records were removed or reordered',
      });
    });

    it('notices reordered records', async () => {
      await appendMany(5);
      await tamper.swap(2, 4);
      const result = await store.verify();
      expect(result.ok).toBe(false);
      expect(result.problem!.seq).toBe(4);
      expect(result.problem!.reason).toMatch(/reordered/);
    });
  });
}
