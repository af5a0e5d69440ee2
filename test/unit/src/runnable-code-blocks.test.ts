import { readFileSync } from 'node:fs';
import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../../src/runbooks/step.ts';
import { runnableCodeBlocks } from '../../../src/runbooks/runnable-code-blocks.ts';
import { stepTags } from '../../../src/runbooks/steps-manifest.ts';

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

  it('makes at least 90% of the seed runbooks runnable as written, dropped in unchanged', () => {
    const seed = readFileSync('test/fixtures/operational-runbooks.md', 'utf8');
    const html = render(seed);
    const steps = stepsIn(html);
    const copyOnly = html.match(/class="rs-copy-only"/g) ?? [];
    expect(steps.length).toBe(62);
    expect(copyOnly).toHaveLength(3);
    expect(steps.length / (steps.length + copyOnly.length)).toBeGreaterThanOrEqual(0.9);
    // Nothing a step carries was not named on its line.
    for (const step of steps) {
      expect(step.command, step.id).toBeTruthy();
      expect(
        step.command!.startsWith(step.action.split('.')[0] === 'kubernetes' ? 'kubectl' : ''),
      ).toBe(true);
    }
  });
});
