import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditStore } from '../../server/audit/audit-store.ts';
import { appendEvent, listEvents } from '../../server/audit/events.ts';
import { eventEntry, type AuditEntry } from '../../server/audit/record.ts';

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
      // Without a limit, a list is every match: nothing is cut off at some round number.
      expect(await store.list({})).toHaveLength(200);
    });

    it('filters by kind, one or several, and by environment', async () => {
      const runId = randomUUID();
      await store.append(entry({ runId, environment: 'staging' }));
      await store.append(entry({ runId, environment: 'staging', kind: 'finished' }));
      await store.append(entry({ environment: 'production' }));
      await store.append(
        eventEntry({
          kind: 'incident.opened',
          id: 'INC-1',
          actor: 'ada@example.com',
          environment: 'staging',
          action: 'runsheet.incident',
          risk: 'write',
          input: { title: 'Orders stuck', severity: 'P1' },
        }),
      );
      const seqs = async (query: Parameters<AuditStore['list']>[0]) =>
        (await store.list(query)).map((record) => record.seq);
      expect(await seqs({ kind: 'started' })).toEqual([3, 1]);
      expect(await seqs({ kind: ['finished', 'incident.opened'] })).toEqual([4, 2]);
      expect(await seqs({ environment: 'staging' })).toEqual([4, 2, 1]);
      expect(await seqs({ kind: 'started', environment: 'production' })).toEqual([3]);
      expect(await seqs({ kind: 'incident.closed' })).toEqual([]);
    });

    it('reads events back with their payloads typed, and refuses one that does not fit', async () => {
      const ada = { id: 'ada@example.com', groups: [] };
      const payload = { title: 'Orders stuck', severity: 'P1' as const };
      await appendEvent(store, {
        kind: 'incident.opened',
        id: 'INC-1',
        actor: ada,
        environment: 'staging',
        payload,
      });
      await appendEvent(store, {
        kind: 'incident.opened',
        id: 'INC-2',
        actor: ada,
        environment: 'production',
        payload,
      });
      const [opened, ...others] = await listEvents(store, 'incident.opened', {
        environment: 'staging',
      });
      expect(others).toEqual([]);
      expect(opened).toMatchObject({ kind: 'incident.opened', runId: 'INC-1', input: payload });
      expect(opened!.action).toBe('runsheet.incident');
      await expect(
        appendEvent(store, {
          kind: 'incident.closed',
          id: 'INC-1',
          actor: ada,
          environment: 'staging',
          payload: { summary: 42 } as unknown as { summary: string },
        }),
      ).rejects.toThrow(/summary/);

      // Written around the schema (an older build, a hand edit): named, never silently dropped.
      await store.append(
        eventEntry({
          kind: 'incident.opened',
          id: 'INC-3',
          actor: 'ada@example.com',
          environment: 'staging',
          action: 'runsheet.incident',
          risk: 'write',
          input: { severity: 'P1' },
        }),
      );
      await expect(
        listEvents(store, 'incident.opened', { environment: 'staging' }),
      ).rejects.toThrow(
        /^Audit record 3 \(incident.opened INC-3\) does not hold what an incident.opened event holds: title: /,
      );
    });

    it('gives a claimed key to exactly one of 12 claiming it at once, and to nobody after', async () => {
      const claims = await Promise.all(
        Array.from({ length: 12 }, () => store.claim('production/APR-1/used')),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claim('production/APR-1/used')).toBe(false);
      expect(await store.claim('production/APR-2/used')).toBe(true);
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
