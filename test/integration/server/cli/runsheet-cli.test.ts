import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { actions } from '../../../../server/actions/registry.ts';
import type { AuditRecord } from '../../../../server/audit/record.ts';
import { sha256 } from '../../../../server/audit/record.ts';
import { orderWorkflowId, planningWorkflowId } from '../../../../sandbox/shared.ts';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import { testApp } from '../../../support/app.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
const CLI = fileURLToPath(new URL('../../../../server/cli/main.ts', import.meta.url));
const wave = JSON.stringify({ waveId: 'WAVE-7', scheduledStart: '2026-01-04T10:00:00Z' });
let wms: Wms;
let home: string;
let auditPath: string;

/** `runsheet …` as a person types it, in a folder of its own, configured by RUNSHEET_* only. */
function cliEnv(env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('RUNSHEET_')),
  );
  return {
    ...inherited,
    RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
    RUNSHEET_TEMPORAL_NAMESPACE: temporal.namespace,
    RUNSHEET_AUDIT_SQLITE_PATH: auditPath,
    RUNSHEET_LOCAL_USER: 'carol@example.com',
    RUNSHEET_ENVIRONMENT: 'staging',
    // Actions typed at a terminal are ad-hoc calls, which staging takes only when told to.
    RUNSHEET_STEPS: 'any',
    ...env,
  };
}

function runsheet(
  args: string[],
  env: Record<string, string> = {},
  cwd = home,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd,
        env: cliEnv(env),
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function trail(runId?: string): AuditRecord[] {
  const db = new DatabaseSync(auditPath, { readOnly: true });
  try {
    const rows = db.prepare('SELECT record FROM audit_records ORDER BY seq').all() as {
      record: string;
    }[];
    const records = rows.map((row) => JSON.parse(row.record) as AuditRecord);
    return runId ? records.filter((record) => record.runId === runId) : records;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  wms = await startWms(temporal);
  home = mkdtempSync(join(tmpdir(), 'runsheet-cli-'));
  auditPath = join(home, 'audit.db');
});

afterAll(async () => {
  await wms?.close();
});

describe('runsheet run', () => {
  it('runs a read action with inputs from flags and records it in the audit trail as the OS-configured user', async () => {
    const { orderId } = await wms.stuckOrder();
    const { code, stdout, stderr } = await runsheet([
      'run',
      'temporal.workflow.describe',
      '--workflowId',
      orderWorkflowId(orderId),
      '--json',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const outcome = JSON.parse(stdout) as { id: string; actor: string; result: { status: string } };
    expect(outcome).toMatchObject({ actor: 'carol@example.com', result: { status: 'RUNNING' } });
    const [started, finished] = trail(outcome.id);
    expect(started).toMatchObject({
      kind: 'started',
      actor: 'carol@example.com',
      environment: 'staging',
      action: 'temporal.workflow.describe',
      input: { workflowId: orderWorkflowId(orderId) },
      requestId: expect.stringMatching(/^cli-[0-9a-f-]{36}$/),
    });
    expect(finished).toMatchObject({ outcome: 'succeeded', requestId: started!.requestId });
  });

  it('prints the preview of a write and changes nothing without --yes; with --yes it runs (exit 3, then 0)', async () => {
    const { orderId, handle } = await wms.stuckOrder();
    const args = [
      'run',
      'temporal.workflow.signal',
      `--workflowId=${planningWorkflowId(orderId)}`,
      '--signalName',
      'waveAssigned',
      '--input',
      wave,
    ];
    const unconfirmed = await runsheet(args);
    expect(unconfirmed.code).toBe(3);
    expect(unconfirmed.stderr).toContain(
      `Would: Send signal waveAssigned to ${planningWorkflowId(orderId)} (PlanningWorkflow, RUNNING)`,
    );
    expect(unconfirmed.stderr).toContain('run the same command with --yes');
    expect(trail().at(-1)).toMatchObject({
      action: 'temporal.workflow.signal',
      outcome: 'refused',
      actor: 'carol@example.com',
    });

    const confirmed = await runsheet([...args, '--yes', '--reason', 'INC-7: wave lost']);
    expect(confirmed.code).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({
      signalName: 'waveAssigned',
      delivered: true,
    });
    await expect(handle.result()).resolves.toMatchObject({ orderId, waveId: 'WAVE-7' });
    expect(trail().at(-1)).toMatchObject({ outcome: 'succeeded', reason: 'INC-7: wave lost' });
  });

  it('wants --reason for a destructive action, and leaves the workflow running without it', async () => {
    const { orderId, handle } = await wms.stuckOrder();
    const { code, stderr } = await runsheet([
      'run',
      'temporal.workflow.terminate',
      '--workflowId',
      orderWorkflowId(orderId),
      '--yes',
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain(`Would: Terminate ${orderWorkflowId(orderId)}`);
    expect(stderr).toContain('--yes --reason "<why, e.g. the incident ticket>"');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('cancels the run on Ctrl-C, exits 130 and records it as cancelled', async () => {
    // No worker polls this queue, so a query waits for one until the deadline.
    const workflowId = `order-fulfillment-ORD-NOWORKER-${randomUUID().slice(0, 8)}`;
    await wms.client.workflow.start('OrderFulfillmentWorkflow', {
      taskQueue: `no-worker-${randomUUID()}`,
      workflowId,
      args: [{ orderId: 'ORD-NOWORKER', customerId: 'CUST-1', lines: [] }],
    });
    const child = spawn(
      process.execPath,
      [
        CLI,
        'run',
        'temporal.workflow.query',
        '--workflowId',
        workflowId,
        '--queryType',
        'getStatus',
      ],
      // A deadline far beyond the wait below, so the run can only end by the Ctrl-C.
      { cwd: home, env: cliEnv({ RUNSHEET_TEMPORAL_RPC_TIMEOUT_MS: '600000' }) },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      // Interrupt once the run is in the trail, i.e. while it waits on Temporal.
      await vi.waitFor(
        () =>
          expect(
            trail().some(
              (record) =>
                record.input && (record.input as { workflowId?: string }).workflowId === workflowId,
            ),
          ).toBe(true),
        { timeout: 30_000, interval: 100 },
      );
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
    expect(stderr).toContain('Cancelling…');
    const records = trail().filter(
      (record) => (record.input as { workflowId?: string } | null)?.workflowId === workflowId,
    );
    expect(records.map((record) => [record.kind, record.outcome])).toEqual([
      ['started', null],
      ['finished', 'cancelled'],
    ]);
  });

  it('under the two-person rule files a request, then carries out the approved one with --approvalId', async () => {
    const { orderId, handle } = await wms.stuckOrder();
    const strict = { RUNSHEET_TWO_PERSON_RULE: 'true' };
    const args = [
      'run',
      'temporal.workflow.terminate',
      '--workflowId',
      orderWorkflowId(orderId),
      '--yes',
      '--reason',
      'INC-9: duplicate order',
    ];
    const requested = await runsheet(args, strict);
    expect(requested.code).toBe(3);
    const approvalId = /request (\S+) is waiting/.exec(requested.stderr)?.[1];
    expect(requested.stderr).toContain('then run the same command with --approvalId');
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // A second admin approves on the web (here: the API of a backend on the same trail).
    const web = testApp(
      { temporal, environment: 'staging', identity: { localUser: 'dan@example.com' } },
      { audit: createSqliteAuditStore(auditPath) },
    );
    try {
      const approve = await web.app.request(`/api/approvals/${approvalId}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(approve.status, await approve.clone().text()).toBe(200);
    } finally {
      await web.close();
    }

    const done = await runsheet([...args, `--approvalId=${approvalId}`], strict);
    expect({ code: done.code, stderr: done.stderr }).toMatchObject({ code: 0 });
    expect((await handle.describe()).status.name).toBe('TERMINATED');
  });

  it('with steps: declared (the default outside the sandbox) refuses an ad-hoc action (exit 4)', async () => {
    const { code, stderr } = await runsheet(
      ['run', 'temporal.workflow.describe', '--workflowId', orderWorkflowId('ORD-1')],
      { RUNSHEET_STEPS: 'declared' },
    );
    expect(code).toBe(4);
    expect(stderr).toContain('runs only the steps of its runbooks');
    expect(stderr).toContain('RUNSHEET_STEPS=any');
  });

  // Seven CLI processes one after another: each loads the whole backend, which takes seconds on a
  // busy machine, so these two get more than the project's 60 s.
  it('explains bad input and exits 2', async () => {
    const cases: [string[], string][] = [
      [
        ['run', 'temporal.workflow.describe', '--workflowId', ' '],
        'runsheet: Invalid input for temporal.workflow.describe: workflowId: enter a workflow ID',
      ],
      [
        ['run', 'temporal.workflow.describe', '--workflow', 'x'],
        'runsheet: temporal.workflow.describe has no input "workflow". It takes: --workflowId, --runId (and --yes, --reason, --approvalId, --incident, --json).',
      ],
      [
        ['run', 'temporal.workflow.history', '--workflowId', 'x', '--limit', 'ten'],
        'runsheet: --limit is a number, not "ten".',
      ],
      [
        ['run', 'temporal.workflow.describe', '--workflowId'],
        'runsheet: --workflowId needs a value',
      ],
      [
        ['run', 'temporal.workflow.explode'],
        'runsheet: There is no action "temporal.workflow.explode".\n  `runsheet actions` lists every action id.',
      ],
      [['run'], 'runsheet: Name the action'],
      [['frobnicate'], 'runsheet: Unknown command "frobnicate".'],
    ];
    // Side by side: each is a process of its own that exits before touching any target.
    const answers = await Promise.all(cases.map(([args]) => runsheet(args)));
    cases.forEach(([args, message], i) => {
      const { code, stderr } = answers[i]!;
      expect({ args, code, stderr: stderr.slice(0, message.length) }).toEqual({
        args,
        code: 2,
        stderr: message,
      });
    });
  }, 180_000);

  it('in token mode runs as the owner of RUNSHEET_TOKEN, under the same policy as the API', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'runsheet-cli-token-'));
    writeFileSync(
      join(cwd, 'runsheet.config.json'),
      JSON.stringify({
        identity: {
          mode: 'token',
          tokens: [{ user: 'viv@example.com', sha256: sha256('viewer-token-1') }],
          grants: [{ subject: 'user:viv@example.com', role: 'viewer' }],
        },
      }),
    );
    const { orderId } = await wms.stuckOrder();
    const read = ['run', 'temporal.workflow.describe', '--workflowId', orderWorkflowId(orderId)];
    const missing = await runsheet(read, {}, cwd);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('runsheet: This Runsheet identifies people by token.');
    const wrong = await runsheet(read, { RUNSHEET_TOKEN: 'nope' }, cwd);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('RUNSHEET_TOKEN is not a valid token here.');

    const allowed = await runsheet([...read, '--json'], { RUNSHEET_TOKEN: 'viewer-token-1' }, cwd);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ actor: 'viv@example.com' });
    const write = await runsheet(
      ['run', 'temporal.workflow.cancel', '--workflowId', orderWorkflowId(orderId), '--yes'],
      { RUNSHEET_TOKEN: 'viewer-token-1' },
      cwd,
    );
    expect(write.code).toBe(4);
    expect(write.stderr).toMatch(/^runsheet: .*viv@example\.com/);
  }, 180_000);
});

describe('runsheet actions and runsheet audit verify', () => {
  it('lists every action with its risk', async () => {
    const { code, stdout } = await runsheet(['actions']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(actions.map((action) => action.id));
    expect(lines[0]).toMatch(/^temporal\.workflow\.describe\s+read\s+Describe workflow$/);
  });

  it('checks the chain (exit 0) and names the record that was edited (exit 1)', async () => {
    const intact = await runsheet(['audit', 'verify']);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^Audit trail intact: \d+ records \(sqlite\)\.\n/);

    const copy = join(home, 'tampered.db');
    const db = new DatabaseSync(auditPath);
    db.exec(`VACUUM INTO '${copy}'`);
    db.close();
    const tampered = new DatabaseSync(copy);
    const { record } = tampered.prepare('SELECT record FROM audit_records WHERE seq = 2').get() as {
      record: string;
    };
    const edited = { ...(JSON.parse(record) as AuditRecord), actor: 'mallory@example.com' };
    tampered
      .prepare('UPDATE audit_records SET record = ? WHERE seq = 2')
      .run(JSON.stringify(edited));
    tampered.close();
    const broken = await runsheet(['audit', 'verify'], { RUNSHEET_AUDIT_SQLITE_PATH: copy });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      'Audit trail broken at record 2 (run ' +
        edited.runId +
        '): its content does not match its hash: edited.',
    );
  });
});
