import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditStore } from './audit-store.ts';
import { eventEntry } from './record.ts';

/** The refusals the trail keeps: someone tried something and was stopped. */
export const RECORDED_REFUSALS = new Set([
  'permission_denied',
  'step_not_declared',
  'host_not_allowed',
  'rate_limited',
  'unauthenticated',
]);

export interface Refusal {
  /** Who, as identified; null when refused before anyone was (a bad token, a foreign Host). */
  actor: string | null;
  code: string;
  message: string;
  /** What was tried: the action id of a run, else `METHOD /path`. */
  what: string;
  requestId: string;
  clientRequestId?: string | undefined;
}

export interface RefusalRecorder {
  /**
   * Resolves once the refusal is in the trail (the first of its window) or counted (the rest), so
   * the person is told "refused" only once the trail says so; a failed write is logged, not thrown.
   */
  note(refusal: Refusal): Promise<void>;
  /** Writes the counts still held (at shutdown). */
  flush(): Promise<void>;
}

/** Distinct actor+reason pairs held at once; past it, the rest share one overflow count. */
const MAX_OPEN = 1000;

/**
 * Every refused attempt reaches the trail, without a flood of them filling the disk: the first of
 * an actor+reason in a window is written at once, the others in that window are counted and
 * written as one record with the count when the window closes (or at shutdown).
 */
export function refusalRecorder(
  audit: AuditStore,
  environment: string,
  log: Logger,
  windowMs = 60_000,
): RefusalRecorder {
  const open = new Map<string, { first: Refusal; since: string; more: number }>();
  const write = (refusal: Refusal, count: number, since?: string) => {
    const entry = {
      ...eventEntry({
        kind: 'refused',
        id: randomUUID(),
        actor: refusal.actor ?? 'unidentified',
        environment,
        action: refusal.what,
        risk: 'read',
        input: { count, ...(since ? { since } : {}) },
      }),
      outcome: 'refused' as const,
      requestId: refusal.requestId,
      ...(refusal.clientRequestId ? { clientRequestId: refusal.clientRequestId } : {}),
      error: { code: refusal.code, message: refusal.message.slice(0, 500) },
    };
    return audit.append(entry).then(
      () => undefined,
      (error: unknown) => log.error({ err: error }, 'a refused attempt could not be recorded'),
    );
  };
  const close = (key: string) => {
    const held = open.get(key);
    open.delete(key);
    return held && held.more > 0 ? write(held.first, held.more, held.since) : Promise.resolve();
  };
  return {
    note(refusal) {
      let key = `${refusal.actor ?? ''}\u0000${refusal.code}`;
      if (!open.has(key) && open.size >= MAX_OPEN) key = 'overflow';
      const held = open.get(key);
      if (held) {
        held.more += 1;
        return Promise.resolve();
      }
      open.set(key, { first: refusal, since: new Date().toISOString(), more: 0 });
      setTimeout(() => void close(key), windowMs).unref();
      return write(refusal, 1);
    },
    async flush() {
      await Promise.all([...open.keys()].map(close));
    },
  };
}
