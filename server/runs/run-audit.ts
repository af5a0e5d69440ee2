import type { Logger } from 'pino';
import type { Preview } from '../actions/types.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { canonicalJson, sha256, type AuditEntry, type Outcome } from '../audit/record.ts';
import { redactSecrets } from '../audit/redact.ts';
import { ActionError } from '../errors.ts';

/** A run's two records: `started` before anything touches a target, `finished` with the outcome. */

/** Fail closed: a run the trail cannot record does not happen. */
export async function recordStart(audit: AuditStore, entry: AuditEntry): Promise<void> {
  try {
    await audit.append(entry);
  } catch (error) {
    throw new ActionError(
      'audit_unavailable',
      'The audit trail cannot be written, so nothing was run.',
      {
        hint: `Check the ${audit.name} audit store (disk space, permissions, connection), then run the step again.`,
        cause: error,
      },
    );
  }
}

export async function recordFinish(
  audit: AuditStore,
  log: Logger,
  started: AuditEntry,
  finish: {
    outcome: Outcome;
    durationMs: number;
    preview: Preview | null;
    result?: unknown;
    error?: AuditEntry['error'];
    facts?: AuditEntry['facts'];
  },
): Promise<void> {
  const entry: AuditEntry = {
    ...started,
    kind: 'finished',
    at: new Date().toISOString(),
    outcome: finish.outcome,
    durationMs: finish.durationMs,
    preview: redactSecrets(finish.preview),
    resultDigest: finish.result === undefined ? null : sha256(canonicalJson(finish.result)),
    error: (redactSecrets(finish.error) as AuditEntry['error']) ?? null,
    ...(finish.facts && Object.keys(finish.facts).length > 0
      ? { facts: redactSecrets(finish.facts) as NonNullable<AuditEntry['facts']> }
      : {}),
  };
  try {
    await audit.append(entry);
  } catch (error) {
    // The run already happened: say so loudly; verify and the missing `finished` record show it.
    log.error(
      { err: error, outcome: finish.outcome },
      'the run finished but its audit record could not be written',
    );
  }
  log.info({ outcome: finish.outcome, durationMs: finish.durationMs }, 'run finished');
}
