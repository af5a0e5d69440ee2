import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { roundTripProblem } from '../../../../../server/steps/commands/round-trip.ts';
import { toCli } from '../../../../../server/steps/commands/to-cli.ts';
import { coverageLines } from '../../../../../src/runbooks/coverage-report.ts';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/);
const scope = fc
  .record({ namespace: name, allNamespaces: fc.constant(true) }, { requiredKeys: [] })
  .filter((value) => !(value.namespace && value.allNamespaces));
const selector = fc.oneof(
  name.map((value) => `app=${value}`),
  fc.tuple(name, name).map(([a, b]) => `app in (${a}, ${b}),tier!=${b}`),
  name.map((value) => `!${value}`),
);
const fieldSelector = fc.constantFrom(
  'status.phase=Running',
  'spec.nodeName=kwok-node',
  'metadata.name!=x',
);
// Any text a workflow ID may hold, quotes and spaces included; `$`, `<…>` and `...` are a runbook's
// placeholders (the page asks for them), so a literal one is not something this line can carry.
const workflowId = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.:/'"#|-]{0,30}$/)
  .filter((id) => !id.includes('...') && id.trim() === id);
const runId = fc.uuid();
const query = fc.constantFrom(
  'WorkflowType="OrderFulfillmentWorkflow"',
  `ExecutionStatus='Running' AND WorkflowType="Wave"`,
  'StartTime < "2026-01-01T00:00:00Z"',
);
const json = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(
    fc.stringMatching(/^[a-z]{1,6}$/),
    fc.oneof(fc.integer(), fc.stringMatching(/^[\w ,:'-]{0,12}$/)),
  ),
);
const count = fc.integer({ min: 1, max: 100 });

/** Inputs a CLI line can express, per action (the `toCli` table's reach). */
const inputs: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'kubernetes.pods.list': fc
    .tuple(scope, fc.record({ selector, fieldSelector }, { requiredKeys: [] }))
    .map(([where, rest]) => ({ ...where, ...rest })),
  'kubernetes.deployments.list': fc.oneof(
    scope,
    fc.record({ namespace: name, name }, { requiredKeys: ['name'] }),
  ),
  'kubernetes.events.list': fc
    .tuple(
      scope,
      fc.record(
        {
          for: name.map((value) => `pod/${value}`),
          types: fc.constantFrom(['Warning'], ['Normal', 'Warning']),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([where, rest]) => ({ ...where, ...rest })),
  'kubernetes.pod.describe': fc.record({ namespace: name, name }, { requiredKeys: ['name'] }),
  'kubernetes.pods.logs': fc
    .record(
      {
        namespace: name,
        target: fc.oneof(
          name.map((pod) => ({ pod })),
          selector.map((value) => ({ selector: value })),
        ),
        container: name,
        tail: fc.integer({ min: 0, max: 5000 }),
        since: fc.constantFrom('5m', '1h', '90s'),
        previous: fc.boolean(),
      },
      { requiredKeys: ['target'] },
    )
    .map(({ target, ...rest }) => ({ ...rest, ...target })),
  'kubernetes.deployment.scale': fc.record(
    { namespace: name, name, replicas: fc.integer({ min: 0, max: 100 }) },
    { requiredKeys: ['name', 'replicas'] },
  ),
  'kubernetes.deployment.rollback': fc.record(
    { name, toRevision: count },
    { requiredKeys: ['name'] },
  ),
  'kubernetes.deployment.rolloutStatus': fc.record(
    { name, timeoutSeconds: count },
    { requiredKeys: ['name'] },
  ),
  'kubernetes.deployment.restart': fc.record({ namespace: name, name }, { requiredKeys: ['name'] }),
  'kubernetes.pod.restart': fc.record({ namespace: name, pod: name }, { requiredKeys: ['pod'] }),
  'temporal.workflow.describe': fc.record({ workflowId, runId }, { requiredKeys: ['workflowId'] }),
  'temporal.workflow.history': fc.record(
    { workflowId, format: fc.constantFrom('events', 'cli-json') },
    { requiredKeys: ['workflowId'] },
  ),
  'temporal.workflow.query': fc.record(
    {
      workflowId,
      queryType: fc.constantFrom('getStatus', '__stack_trace'),
      args: fc.array(json, { maxLength: 3 }),
    },
    { requiredKeys: ['workflowId', 'queryType'] },
  ),
  'temporal.workflow.signal': fc.record(
    { workflowId, signalName: fc.constantFrom('waveAssigned', 'go'), input: json },
    { requiredKeys: ['workflowId', 'signalName'] },
  ),
  'temporal.workflow.terminate': fc.record({ workflowId, runId }, { requiredKeys: ['workflowId'] }),
  'temporal.workflow.reset': fc.oneof(
    fc.record({ workflowId, to: fc.constantFrom('firstWorkflowTask', 'lastWorkflowTask') }),
    fc.record({ workflowId, to: fc.constant('eventId'), eventId: count }),
  ),
  'temporal.workflow.start': fc.record(
    {
      taskQueue: name,
      workflowType: fc.constantFrom('OrderFulfillmentWorkflow'),
      workflowId,
      input: json,
    },
    { requiredKeys: ['taskQueue', 'workflowType', 'workflowId'] },
  ),
  'temporal.workflow.list': fc.record({ query, limit: count }, { requiredKeys: [] }),
  'temporal.batch.terminate': fc.record({ query }),
  'temporal.batch.signal': fc.record(
    { query, signalName: fc.constant('go'), input: json },
    { requiredKeys: ['query', 'signalName'] },
  ),
};

describe('Copy as CLI reads back as the same action and arguments', () => {
  it.each(Object.entries(inputs))('%s, over generated inputs', (action, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (args) => {
        expect(toCli(action, args), JSON.stringify(args)).not.toBeNull();
        expect(roundTripProblem({ action, args, command: null })).toBeNull();
      }),
      { seed: 14, numRuns: 150 },
    );
  });

  it.each([
    'kubernetes.deployment.scale',
    'kubernetes.deployment.rollback',
    'kubernetes.pod.restart',
  ])('%s as a dry run (preview only), over generated inputs', (action) => {
    fc.assert(
      fc.property(inputs[action]!, (args) => {
        expect(toCli(action, args, true), JSON.stringify(args)).toMatch(/ --dry-run=server$/);
        expect(roundTripProblem({ action, args, command: null, previewOnly: true })).toBeNull();
        // The same line without the flag is the change itself: never taken for the dry run.
        expect(
          roundTripProblem({ action, args, command: toCli(action, args), previewOnly: true }),
        ).not.toBeNull();
      }),
      { seed: 14, numRuns: 100 },
    );
  });

  it('gives no line for an argument no flag expresses', () => {
    expect(toCli('kubernetes.pods.logs', { pod: 'p1', grep: { pattern: 'x' } })).toBeNull();
    expect(toCli('temporal.batch.terminate', { query: 'WorkflowType="X"', cap: 5 })).toBeNull();
    expect(toCli('temporal.workflow.history', { workflowId: 'w1', eventTypes: ['A'] })).toBeNull();
  });

  it('over every command line of the site’s runbooks: the line, and the line generated from its step', () => {
    const dir = 'src/content/runbooks';
    let checked = 0;
    for (const file of readdirSync(dir)) {
      for (const line of coverageLines(file, readFileSync(`${dir}/${file}`, 'utf8'))) {
        if (!('action' in line)) continue;
        checked++;
        const step = { action: line.action, args: line.args, previewOnly: line.previewOnly };
        expect(roundTripProblem({ ...step, command: line.text })).toBeNull();
        expect(roundTripProblem({ ...step, command: null })).toBeNull();
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
