import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics.ts';
import type { AuditStore } from './audit-store.ts';

/**
 * Publishes the trail's head every `intervalMs` (and at start and stop): to /metrics always, to
 * the log when it changed, and to the head file through the store. A copy of the head outside
 * the store is what lets verify notice records removed from the end.
 */
export function startHeadPublisher({
  audit,
  log,
  metrics,
  intervalMs,
}: {
  audit: AuditStore;
  log: Logger;
  metrics: Metrics;
  intervalMs: number;
}): { publish(): Promise<void>; stop(): Promise<void> } {
  let lastLogged: string | undefined;
  async function publish() {
    try {
      const head = await audit.publishHead();
      metrics.observeAuditHead(head);
      if (head.hash !== lastLogged) {
        log.info({ auditHead: head }, 'audit trail head published');
        lastLogged = head.hash;
      }
    } catch (error) {
      log.error({ err: error }, 'could not publish the audit trail head');
    }
  }
  const timer = setInterval(() => void publish(), intervalMs);
  timer.unref();
  return {
    publish,
    async stop() {
      clearInterval(timer);
      await publish();
    },
  };
}
