import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDevServer, type DevServer } from '../../../../sandbox/dev-server.ts';
import { runStreaming } from '../../../support/sse.ts';
import { temporalCli } from '../../../stack/servers.ts';
import { testApp } from '../../../support/app.ts';

const WORKFLOWS = 300;
const TASK_QUEUE = 'faults-no-worker';

interface BatchResult {
  matched: number;
  succeeded: { workflowId: string }[];
  failed: { workflowId: string; error: string }[];
  notAttempted: { workflowId: string }[];
}

describe('the Temporal server killed in the middle of temporal.batch.terminate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runsheet-temporal-killed-'));
  // A file, not memory: the restarted server must still know the workflows.
  const dbFilename = join(dir, 'temporal.db');
  let server: DevServer;
  let port: number;
  let client: Client;
  let connection: Connection;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startDevServer(await temporalCli(), { dbFilename });
    port = Number(server.address.split(':')[1]);
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, namespace: server.namespace });
    // No worker polls this queue: the workflows stay running until terminated.
    for (let i = 0; i < WORKFLOWS; i++) {
      const handle = await client.workflow.start('OrderFulfillmentWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: `faults-batch-${i}`,
        args: [],
      });
      ids.push(handle.workflowId);
    }
    await vi.waitFor(
      async () =>
        expect(
          (await client.workflow.count(`TaskQueue="${TASK_QUEUE}" AND ExecutionStatus="Running"`))
            .count,
        ).toBe(WORKFLOWS),
      { timeout: 30_000, interval: 500 },
    );
  }, 180_000);

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports what was terminated and what was not, audits it, and the same step finishes the rest', async () => {
    // Runsheet's own per-item path, which reports each workflow's fate (not Temporal's batch engine).
    const runsheet = testApp(
      {
        temporal: {
          address: server.address,
          rpcTimeoutMs: 60_000,
          serverBatchThreshold: WORKFLOWS + 1,
        },
      },
      {},
    );
    const step = {
      action: 'temporal.batch.terminate',
      input: { query: `TaskQueue="${TASK_QUEUE}"`, cap: 1_000, concurrency: 1 },
      confirm: true,
      reason: 'fault drill: queue drained',
    };
    try {
      let killed = false;
      const events = await runStreaming(runsheet.app, step, async (event) => {
        const done = (event.data as { done?: number }).done ?? 0;
        if (event.event === 'progress' && done >= 10 && !killed) {
          killed = true;
          await server.kill();
        }
      });
      expect(killed).toBe(true);
      const last = events.at(-1)!;
      expect(last.event).toBe('error');
      const error = (
        last.data as {
          error: { code: string; message: string; hint: string; partial: BatchResult };
        }
      ).error;
      expect(error.code).toBe('target_unreachable');
      expect(error.message).toMatch(
        new RegExp(
          `^Temporal is unreachable at ${server.address}: the batch stopped with \\d+ of ${WORKFLOWS} terminated, 1 failed, \\d+ not attempted\\.$`,
        ),
      );
      expect(error.hint).toContain('Run the same step again once Temporal answers');
      const first = error.partial;
      expect(first.matched).toBe(WORKFLOWS);
      expect(first.succeeded.length).toBeGreaterThanOrEqual(10);
      expect(first.failed).toHaveLength(1);
      expect(first.failed[0]!.error).toBe(`Temporal is unreachable at ${server.address}.`);
      expect(first.succeeded.length + first.failed.length + first.notAttempted.length).toBe(
        WORKFLOWS,
      );

      // The trail's finished record says the run failed, and why, with the counts.
      const records = await runsheet.audit.list({ action: step.action, limit: 10 });
      const finished = records.find((record) => record.kind === 'finished')!;
      expect(finished).toMatchObject({
        outcome: 'failed',
        error: { code: 'target_unreachable', message: error.message },
      });
      expect(finished.resultDigest).toMatch(/^[0-9a-f]{64}$/);

      // Temporal comes back (same state, same address); the same step terminates only the rest.
      server = await startDevServer(await temporalCli(), { dbFilename, port });
      const firstDone = new Set(first.succeeded.map((item) => item.workflowId));
      // Visibility is eventually consistent: it shows the first run's terminations a moment later.
      const runningNow = async () =>
        (await client.workflow.count(`TaskQueue="${TASK_QUEUE}" AND ExecutionStatus="Running"`))
          .count;
      await vi.waitFor(
        async () => expect(await runningNow()).toBeLessThanOrEqual(WORKFLOWS - firstDone.size),
        { timeout: 30_000, interval: 500 },
      );
      const again = await vi.waitFor(
        async () => {
          const answer = await runsheet.run<BatchResult>(step);
          expect(answer.status).toBe(200);
          return answer.body.result!;
        },
        { timeout: 60_000, interval: 1_000 },
      );
      expect(again.failed).toEqual([]);
      expect(again.succeeded.some((item) => firstDone.has(item.workflowId))).toBe(false);
      // The call in flight at the kill may or may not have reached the server before it died.
      expect(again.matched).toBeLessThanOrEqual(WORKFLOWS - firstDone.size);
      expect(again.matched).toBeGreaterThanOrEqual(WORKFLOWS - firstDone.size - 1);
      await vi.waitFor(async () => expect(await runningNow()).toBe(0), {
        timeout: 30_000,
        interval: 500,
      });
      expect(await runsheet.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await runsheet.close();
    }
  });
});
