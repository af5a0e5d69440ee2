import { readFileSync } from 'node:fs';
import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { commandsOf } from '../../../../src/runbooks/coverage.ts';
import { readStep } from '../../../../src/runbooks/step.ts';
import { runnableCodeBlocks } from '../../../../src/runbooks/runnable-code-blocks.ts';
import { stepTags } from '../../../../src/runbooks/steps-manifest.ts';

const render = (markdown: string) =>
  markdownToHtml(markdown, { mdastPlugins: [runnableCodeBlocks] }).html;
const stepsIn = (html: string) => stepTags(html).map(readStep);

describe('fenced shell blocks become Run steps', () => {
  it('turns each command line into a step labelled by its comment, with its filters', () => {
    const html = render(
      [
        '## 1. Stuck Workflow Recovery',
        '```bash',
        '# 1. Check workflow status',
        'temporal workflow show --workflow-id order-fulfillment-<order-id>',
        '',
        '# 2. Check if waiting for signal',
        'temporal workflow show --workflow-id order-fulfillment-<order-id> \\',
        '    | grep -A5 "PendingActivities"',
        '```',
      ].join('\n'),
    );
    const [first, second] = stepsIn(html);
    expect(first).toMatchObject({
      action: 'temporal.workflow.history',
      label: '1. Check workflow status',
      args: { workflowId: 'order-fulfillment-{orderId}' },
      params: ['orderId'],
      command: 'temporal workflow show --workflow-id order-fulfillment-<order-id>',
      filters: [],
    });
    expect(second!.filters).toEqual([
      expect.objectContaining({ kind: 'grep', pattern: 'PendingActivities', after: 5 }),
    ]);
    expect(first!.id).not.toBe(second!.id);
    // Readable without JavaScript: the command stays on the page.
    expect(html).toContain(
      '<code>temporal workflow show --workflow-id order-fulfillment-&lt;order-id&gt;</code>',
    );
  });

  it('names a step without a comment by the heading it sits under', () => {
    const [step] = stepsIn(
      render('### Check the pods\n\n```sh\nkubectl get pods -l app=orchestrator-worker\n```\n'),
    );
    expect(step).toMatchObject({ label: 'Check the pods', action: 'kubernetes.pods.list' });
  });

  it('keeps a line it cannot map as a copy-only block that says why', () => {
    const html = render(
      '```bash\nkubectl get pods\nkubectl edit deployment orchestrator-worker\n```\n',
    );
    expect(stepsIn(html)).toHaveLength(1);
    expect(html).toContain('kubectl edit deployment orchestrator-worker');
    expect(html).toMatch(/class="rs-copy-only"[^>]*>Copy-only: editing a deployment/);
  });

  it('leaves blocks marked `copy`, blocks with no command and other languages alone', () => {
    for (const markdown of [
      '```bash copy\ntemporal workflow list\n```',
      '```bash\necho hello\n```',
      '```go\nworkflow.GetInfo(ctx)\n```',
    ]) {
      expect(stepsIn(render(markdown))).toEqual([]);
    }
  });

  it('works in MDX pages too', () => {
    const { code } = mdxToJs('```bash\ntemporal workflow list --limit 5\n```\n', {
      mdastPlugins: [runnableCodeBlocks],
    });
    expect(code).toContain('"runsheet-run"');
    expect(code).toContain('temporal.workflow.list');
  });

  it('turns a table cell holding only a command into a step in plain Markdown, not in MDX', () => {
    const table = [
      '| Situation | Command |',
      '|---|---|',
      '| Check worker logs | `kubectl logs -l app=orchestrator-worker --tail=100` |',
      '| Scale workers | `kubectl scale deployment/orchestrator-worker --replicas=N` |',
    ].join('\n');
    expect(stepsIn(render(table))).toEqual([
      expect.objectContaining({ label: 'Check worker logs', action: 'kubernetes.pods.logs' }),
    ]);
    const { code } = mdxToJs(table, { mdastPlugins: [runnableCodeBlocks] });
    expect(code).not.toContain('runsheet-run');
  });

  it('makes at least 90% of the seed runbooks runnable as written, dropped in unchanged', () => {
    const seed = readFileSync('test/fixtures/operational-runbooks.md', 'utf8');
    const html = render(seed);
    const steps = stepsIn(html);
    const commands = commandsOf(seed);
    // 61 of the 65 fenced lines and 6 of the quick reference's 8 commands (the start with its
    // input elided, `kubectl edit`, `kubectl wait` and an unfilled awk stay copy-only and say why).
    expect(steps).toHaveLength(67);
    expect(html.match(/class="rs-copy-only"/g)).toHaveLength(4);
    expect(steps.length / commands.length).toBeGreaterThanOrEqual(0.9);
    // Each step acts on a system its line names (`kubectl exec … -- mongo` names MongoDB).
    const system = {
      temporal: 'temporal',
      kubectl: 'kubernetes',
      mongo: 'mongo',
      mongosh: 'mongo',
    };
    for (const step of steps) {
      const named = step
        .command!.split(/\s+/)
        .flatMap((word) => system[word as keyof typeof system] ?? []);
      expect(named, step.command!).toContain(step.action.split('.')[0]);
    }
  });
});
