import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import type { AuditRecord } from '../../../../server/audit/record.ts';
import { writeKubeconfig } from '../../../../sandbox/kubernetes/access.ts';
import { testApp } from '../../../support/app.ts';
import { eventually } from '../../../support/kubernetes.ts';
import { startMain } from '../../../support/main-process.ts';

const cluster = inject('kubernetes');

async function trail(path: string): Promise<AuditRecord[]> {
  const audit = createSqliteAuditStore(path);
  try {
    return await Array.fromAsync(audit.all());
  } finally {
    await audit.close();
  }
}

describe('a target that accepts connections and never answers', () => {
  // What a hung API server or a black-holed route looks like from Runsheet.
  let silent: Server;
  const sockets = new Set<Socket>();
  let port: number;
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('answers 504 deadline_exceeded within kubernetes.requestTimeoutMs, audited as failed', async () => {
    const kubeconfig = writeKubeconfig(join(cluster.dir, `silent-${port}.kubeconfig`), {
      server: `https://127.0.0.1:${port}`,
      caFile: cluster.caFile,
      user: { token: 'unused' },
    });
    const runsheet = testApp({ kubernetes: { kubeconfig, requestTimeoutMs: 1_000 } });
    try {
      const started = Date.now();
      const { status, body } = await runsheet.run({ action: 'kubernetes.pods.list', input: {} });
      const elapsed = Date.now() - started;
      expect(status).toBe(504);
      expect(body.error).toEqual({
        code: 'deadline_exceeded',
        message: `The API server at https://127.0.0.1:${port} did not answer in time.`,
        hint: 'It may be overloaded. Try again; raise kubernetes.requestTimeoutMs (RUNSHEET_KUBE_REQUEST_TIMEOUT_MS) if it keeps happening.',
      });
      // The configured second, not the client's or the kernel's own much longer waits.
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(10_000);
      const [finished] = await runsheet.audit.list({ action: 'kubernetes.pods.list', limit: 1 });
      expect(finished).toMatchObject({
        kind: 'finished',
        outcome: 'failed',
        error: { code: 'deadline_exceeded' },
      });
    } finally {
      await runsheet.close();
    }
  });
});

describe('a long run the operator walks away from', () => {
  let main: Awaited<ReturnType<typeof startMain>> | undefined;
  afterEach(async () => {
    await main?.stop();
  });

  it('stops when the browser disconnects, and the trail records it as cancelled', async () => {
    const auditPath = join(mkdtempSync(join(tmpdir(), 'runsheet-cancel-')), 'audit.db');
    main = await startMain({
      RUNSHEET_AUDIT_SQLITE_PATH: auditPath,
      RUNSHEET_KUBE_CONFIG: cluster.kubeconfig,
      RUNSHEET_KUBE_NAMESPACE: cluster.namespace,
      RUNSHEET_STEPS: 'any',
    });
    const browser = new AbortController();
    const request = fetch(`${main.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        action: 'kubernetes.pods.logs',
        input: { selector: 'app=orchestrator-worker', follow: true, followSeconds: 300 },
      }),
      signal: browser.signal,
    })
      .then((response) => response.text())
      .catch(() => undefined);
    await eventually(
      () => trail(auditPath),
      (records) => records.some((record) => record.kind === 'started'),
      { what: 'the started record of the followed log' },
    );
    const abandonedAt = Date.now();
    browser.abort();
    await request;
    const records = await eventually(
      () => trail(auditPath),
      (found) => found.some((record) => record.kind === 'finished'),
      { what: 'the finished record of the abandoned run' },
    );
    const finished = records.find((record) => record.kind === 'finished')!;
    expect(finished).toMatchObject({ action: 'kubernetes.pods.logs', outcome: 'cancelled' });
    // Seconds after the disconnect, not at the end of the 300 s follow.
    expect(Date.now() - abandonedAt).toBeLessThan(15_000);
  });
});

describe('a batch that takes longer than one call may', () => {
  it('terminates every workflow: the deadline holds for each call, not for the whole batch', async () => {
    const temporal = inject('temporal');
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: temporal.namespace });
    // No worker polls it: the workflows stay running until terminated.
    const taskQueue = `faults-long-batch-${randomUUID()}`;
    const count = 400;
    const rpcTimeoutMs = 1_000;
    // Runsheet's own per-item path (the one whose calls have deadlines), not Temporal's batch engine.
    const runsheet = testApp({
      temporal: { ...temporal, rpcTimeoutMs, serverBatchThreshold: count + 1 },
    });
    try {
      for (let i = 0; i < count; i++) {
        await client.workflow.start('OrderFulfillmentWorkflow', {
          taskQueue,
          workflowId: `${taskQueue}-${i}`,
          args: [],
        });
      }
      const query = `TaskQueue="${taskQueue}"`;
      await vi.waitFor(async () => expect((await client.workflow.count(query)).count).toBe(count), {
        timeout: 30_000,
        interval: 500,
      });
      const { status, body } = await runsheet.run<{ succeeded: unknown[]; failed: unknown[] }>({
        action: 'temporal.batch.terminate',
        input: { query, cap: count, concurrency: 1 },
        confirm: true,
        reason: 'fault drill: a long batch',
      });
      expect(body.error).toBeUndefined();
      expect(status).toBe(200);
      expect(body.result!.succeeded).toHaveLength(count);
      expect(body.result!.failed).toEqual([]);
      // Longer than one call's deadline, or this would prove nothing.
      expect(body.durationMs).toBeGreaterThan(rpcTimeoutMs);
    } finally {
      await runsheet.close();
      await connection.close();
    }
  });
});
