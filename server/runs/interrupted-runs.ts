import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AuditStore } from '../audit/audit-store.ts';
import { entryOf, type AuditEntry, type AuditRecord } from '../audit/record.ts';

/**
 * A run whose process died (kill -9, OOM, power) has a `started` record and never gets its
 * `finished` one: the trail would show it as lost. At start-up Runsheet closes such runs with
 * outcome `interrupted`, so the trail says plainly that nobody knows how far they got.
 *
 * Only runs this host's dead processes wrote are closed: a run with no `finished` record may be
 * running right now in another process on the same trail (a `runsheet` command beside the server,
 * another replica on the shared MongoDB store), and closing it would be a lie.
 */

/** This process, as recorded in every `started` record it writes. */
export function thisWriter(): string {
  return `${hostname()}/${process.pid}`;
}

export async function closeInterruptedRuns(
  audit: AuditStore,
  log: Logger,
  { isAlive = pidIsAlive }: { isAlive?: (pid: number) => boolean } = {},
): Promise<AuditRecord[]> {
  const open = new Map<string, AuditRecord>();
  for await (const record of audit.all()) {
    if (record.kind === 'started') open.set(record.runId, record);
    else if (record.kind === 'finished') open.delete(record.runId);
  }
  const closed: AuditRecord[] = [];
  for (const started of open.values()) {
    if (!diedOnThisHost(started.writer, isAlive)) continue;
    const finished: AuditEntry = {
      ...entryOf(started),
      kind: 'finished',
      at: new Date().toISOString(),
      outcome: 'interrupted',
      durationMs: null,
      preview: null,
      resultDigest: null,
      error: {
        code: 'interrupted',
        message: `The Runsheet process that ran this (${started.writer}) stopped before the run finished; what it did to the target is unknown.`,
      },
    };
    closed.push(await audit.append(finished));
    log.warn(
      { runId: started.runId, action: started.action, writer: started.writer },
      'a run of a previous process never finished: recorded as interrupted',
    );
  }
  return closed;
}

function diedOnThisHost(writer: string | undefined, isAlive: (pid: number) => boolean): boolean {
  if (!writer) return false;
  const slash = writer.lastIndexOf('/');
  const [host, pid] = [writer.slice(0, slash), Number(writer.slice(slash + 1))];
  if (host !== hostname() || !Number.isInteger(pid)) return false;
  // In a container the restarted server is often pid 1 again: the same pid as the dead one.
  return pid === process.pid || !isAlive(pid);
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
