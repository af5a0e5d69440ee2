import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventEntry, type AuditRecord } from '../../../../server/audit/record.ts';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import { parseBlock } from '../../../../server/steps/commands/block.ts';
import { startIncident } from '../../../../server/incidents/incidents.ts';
import { promoteCell } from '../../../../server/notebook/promote-cell.ts';
import { headingsOf } from '../../../../server/notebook/runbook-sources.ts';
import { stepMdx } from '../../../../server/notebook/step-mdx.ts';
import { insertions, unifiedDiff } from '../../../../server/notebook/unified-diff.ts';

const lead = { id: 'lead@example.com', groups: [] };

function adhocRun(action: string, input: Record<string, unknown>, line: string | null) {
  return {
    ...eventEntry({
      kind: 'started',
      id: 'run-1',
      actor: 'ana',
      environment: 'test',
      action,
      risk: 'read',
      input,
    }),
    adhoc: true,
    line,
  } as AuditRecord;
}

describe('the MDX of a cell', () => {
  it('is the typed line in a fenced block, with placeholders for the values that vary', () => {
    const line = 'temporal workflow describe --workflow-id order-fulfillment-ORD-77';
    const step = stepMdx(
      adhocRun('temporal.workflow.describe', { workflowId: 'order-fulfillment-ORD-77' }, line),
    );
    expect(step.lines).toEqual([
      '```bash',
      '# Describe workflow',
      'temporal workflow describe --workflow-id <workflow-id>',
      '```',
    ]);
    expect(step.placeholders).toEqual(['workflowId']);
    // The page's parser reads it back as the same step, asking for the workflow id.
    const [parsed] = parseBlock(step.lines.slice(1, -1).join('\n'));
    expect(parsed!.parsed).toMatchObject({
      runnable: true,
      action: 'temporal.workflow.describe',
      input: { workflowId: '{workflowId}' },
    });
  });

  it('is a <Run> when no line maps to the action (a filled form)', () => {
    const step = stepMdx(
      adhocRun(
        'kubernetes.pods.list',
        { selector: 'app=orchestrator-worker', namespace: 'wms' },
        null,
      ),
    );
    expect(step.usesRun).toBe(true);
    expect(step.lines).toEqual([
      '<Run action="kubernetes.pods.list" label="List pods" args={{"selector":"app=orchestrator-worker","namespace":"wms"}} />',
    ]);
  });
});

describe('a unified diff', () => {
  it('applies with git apply', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runsheet-diff-'));
    const old = ['# t', '', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    writeFileSync(join(dir, 'page.md'), `${old.join('\n')}\n`);
    const diff = unifiedDiff(
      'page.md',
      insertions(
        old,
        new Map([
          [1, ['import x']],
          [10, ['', 'end']],
        ]),
      ),
    );
    writeFileSync(join(dir, 'change.diff'), diff);
    execFileSync('git', ['apply', 'change.diff'], { cwd: dir });
    expect(readFileSync(join(dir, 'page.md'), 'utf8')).toBe(
      ['# t', 'import x', '', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '', 'end', ''].join('\n'),
    );
  });
});

describe('Add to runbook', () => {
  it('puts the step at the end of the section, and git apply takes the diff', async () => {
    const audit = createSqliteAuditStore(':memory:');
    const incident = await startIncident(audit, 'test', lead, { title: 'x', severity: 'P2' });
    const run = adhocRun('kubernetes.pods.list', { selector: 'app=orchestrator-worker' }, null);
    await audit.append({ ...run, incidentId: incident.id, runId: 'cell-1' });
    const repo = mkdtempSync(join(tmpdir(), 'runsheet-repo-'));
    cpSync('src/content/runbooks', join(repo, 'src/content/runbooks'), { recursive: true });
    const file = 'src/content/runbooks/deployment-rollback.mdx';
    const before = readFileSync(file, 'utf8');
    const cwd = process.cwd();
    const promotion = await promoteCell(
      { audit, environment: 'test', runbookSources: join(cwd, 'src/content/runbooks') },
      lead,
      incident.id,
      'cell-1',
      { page: 'runbooks/deployment-rollback', section: 'Rollback procedure' },
    );
    expect(promotion.file).toBe(file);
    writeFileSync(join(repo, 'change.diff'), promotion.diff);
    execFileSync('git', ['apply', 'change.diff'], { cwd: repo });
    const after = readFileSync(join(repo, file), 'utf8');
    const lines = after.split('\n');
    expect(lines).toContain("import Run from '../../components/runbook/Run.astro';");
    // Last thing of its section: right before the next heading.
    const next = headingsOf(lines).find((h) => h.text === 'Post-rollback')!;
    expect(lines.slice(next.line - 2, next.line)).toEqual([promotion.mdx, '']);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const promoted = await audit.list({ incidentId: incident.id, limit: 10 });
    expect(promoted[0]).toMatchObject({ kind: 'cell.promoted', runId: 'cell-1' });
    await audit.close();
  });

  it('names the sections there are when the one asked for is not', async () => {
    const audit = createSqliteAuditStore(':memory:');
    const incident = await startIncident(audit, 'test', lead, { title: 'x', severity: 'P2' });
    await audit.append({
      ...adhocRun('kubernetes.pods.list', {}, null),
      incidentId: incident.id,
      runId: 'cell-2',
    });
    await expect(
      promoteCell(
        { audit, environment: 'test', runbookSources: 'src/content/runbooks' },
        lead,
        incident.id,
        'cell-2',
        { page: 'runbooks/deployment-rollback', section: 'Nope' },
      ),
    ).rejects.toThrow('Deployment Rollback has no section "Nope".');
    await audit.close();
  });
});
