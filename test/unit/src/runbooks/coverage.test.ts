import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandsOf, coverageOf } from '../../../../src/runbooks/coverage.ts';

const seed = readFileSync('test/fixtures/operational-runbooks.md', 'utf8');

describe('commandsOf', () => {
  it('finds every command line of the seed, under its section', () => {
    const commands = commandsOf(seed);
    expect(commands).toHaveLength(74);
    expect(commands.filter((command) => command.section === 'Quick Reference')).toHaveLength(8);
    expect(commands[0]).toMatchObject({
      section: 'Stuck Workflow Recovery',
      command: 'temporal workflow show --workflow-id order-fulfillment-ORD-12345',
      runnable: true,
    });
    const edits = commands.filter((command) => command.command.startsWith('kubectl edit'));
    expect(edits.map((edit) => edit.section)).toEqual([
      'High Workflow Latency',
      'Worker Pod Issues',
    ]);
    expect(edits[0]).toMatchObject({
      runnable: false,
      reason: expect.stringMatching(/setResources/),
    });
  });
});

describe('coverageOf', () => {
  const commands = commandsOf(
    [
      '## 1. Stuck Workflow Recovery',
      '```bash',
      'temporal workflow show --workflow-id order-fulfillment-ORD-12345',
      'kubectl describe pod <pod-name> | grep -A20 Events',
      'kubectl edit deployment orchestrator-worker',
      '```',
    ].join('\n'),
  );

  it('matches a step whose placeholders take the page parameters’ examples', () => {
    const coverage = coverageOf(commands, [
      {
        path: 'runbooks/stuck',
        title: 'Stuck Workflow Recovery',
        examples: { orderId: 'ORD-12345', podName: 'orchestrator-worker-7d4f' },
        steps: [
          {
            id: 'show',
            command: 'temporal workflow show  --workflow-id order-fulfillment-<order-id>',
          },
          { id: 'events', command: 'kubectl describe pod <pod-name> | grep -A20 Events' },
          { id: 'resources', command: null },
        ],
      },
    ]);
    expect(coverage.map((entry) => entry.step)).toEqual(['show', null, null]);
  });

  it('does not count a step on another page, or a step for another workflow', () => {
    const elsewhere = coverageOf(commands, [
      {
        path: 'runbooks/other',
        title: 'Other',
        examples: {},
        steps: [{ id: 'show', command: commands[0]!.command }],
      },
    ]);
    expect(elsewhere[0]).toMatchObject({ page: null, step: null });
    const wrong = coverageOf(commands, [
      {
        path: 'runbooks/stuck',
        title: 'Stuck Workflow Recovery',
        examples: { orderId: 'ORD-99999' },
        steps: [
          {
            id: 'show',
            command: 'temporal workflow show --workflow-id order-fulfillment-<order-id>',
          },
        ],
      },
    ]);
    expect(wrong[0]!.step).toBeNull();
  });
});
