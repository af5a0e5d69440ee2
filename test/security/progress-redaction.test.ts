import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { startMain } from '../support/main-process.ts';
import { runStreaming } from '../support/sse.ts';
import { idleWorkflows, overHttp, startWithTargets } from './attack.ts';

/**
 * SSE progress (issue 12, low): the final result of a run was redacted, its progress events were
 * not, so a followed log line carrying a MongoDB password reached the browser. Now progress goes
 * through the same redactor as results. Here the secret is in what a read streams as it works: the
 * history scan reports each workflow it finds as progress, and these workflows' ids hold a
 * connection string with its password.
 */
const PASSWORD = 'Wes-Db-Pa55w0rd';
const WORKFLOW_TYPE = `RedTeamScan_${randomUUID().slice(0, 8)}`;
const idOf = (replica: number, password = PASSWORD) =>
  `mongodb://wes:${password}@mongodb.wms:27017/wes_db?replica=${replica}`;
const REPLICAS = [1, 2, 3];
let runsheet: Awaited<ReturnType<typeof startMain>>;
let idle: Awaited<ReturnType<typeof idleWorkflows>>;

beforeAll(async () => {
  [runsheet, idle] = await Promise.all([startWithTargets({}), idleWorkflows()]);
  await Promise.all(REPLICAS.map((replica) => idle.start(idOf(replica), WORKFLOW_TYPE)));
  // The scan finds workflows through visibility, which lists new ones a moment later.
  await vi.waitFor(
    async () =>
      expect((await idle.client.workflow.count(`WorkflowType="${WORKFLOW_TYPE}"`)).count).toBe(
        REPLICAS.length,
      ),
    { timeout: 20_000, interval: 200 },
  );
});
afterAll(async () => {
  await Promise.all([runsheet?.stop(), idle?.close()]);
});

describe('a run streaming progress that carries a secret', () => {
  it('streams it redacted, as the result is, and never the secret itself', async () => {
    const events = await runStreaming(overHttp(runsheet.url), {
      action: 'temporal.workflow.historyScan',
      input: { workflowType: WORKFLOW_TYPE, threshold: 1 },
    });
    const progress = events.filter((event) => event.event === 'progress');
    const reported = progress.flatMap(
      (event) => (event.data as { items?: { workflowId: string }[] }).items ?? [],
    );
    // Each workflow reached the stream as progress, its id with the password taken out.
    expect(reported.map((item) => item.workflowId).sort()).toEqual(
      REPLICAS.map((replica) => idOf(replica, '[redacted]')),
    );
    expect(events.at(-1)).toMatchObject({
      event: 'result',
      data: { result: { scanned: REPLICAS.length } },
    });
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });
});
