import { describe, expect, it } from 'vitest';
import { fillTemplate, slotsOf } from '../../../../server/steps/step-template.ts';

describe('fillTemplate', () => {
  it('fills {name} placeholders in nested arguments from the page parameters', () => {
    const params = new URLSearchParams({ orderId: ' ORD-12345 ' });
    expect(
      fillTemplate(
        {
          workflowId: 'order-fulfillment-{orderId}',
          input: { ids: ['planning-{orderId}'] },
          limit: 5,
        },
        (name) => params.get(name) ?? undefined,
      ),
    ).toEqual({
      input: {
        workflowId: 'order-fulfillment-ORD-12345',
        input: { ids: ['planning-ORD-12345'] },
        limit: 5,
      },
      missing: [],
      invalid: [],
    });
  });

  it('lists each parameter that has no value yet, once', () => {
    const { missing } = fillTemplate({ a: '{orderId}', b: '{orderId}-{waveId}' }, (name) =>
      name === 'waveId' ? '' : undefined,
    );
    expect(missing).toEqual(['orderId', 'waveId']);
  });

  it('leaves text that only looks like a placeholder alone', () => {
    expect(fillTemplate({ input: '{"waveId":"W-1"}' }, () => undefined).input).toEqual({
      input: '{"waveId":"W-1"}',
    });
  });
});

describe('parameters are data', () => {
  const attack = '(.+)+#';

  it('escapes a value that fills a pattern, so it matches only itself', () => {
    const { input, invalid } = fillTemplate(
      { grep: { pattern: '{orderId}.*error|{orderId}.*failed' } },
      () => attack,
    );
    expect(invalid).toEqual([]);
    expect(input).toEqual({
      grep: { pattern: '\\(\\.\\+\\)\\+#.*error|\\(\\.\\+\\)\\+#.*failed' },
    });
  });

  it('refuses a value that would change what a query or a selector selects', () => {
    expect(
      fillTemplate({ query: 'WorkflowId="order-{orderId}"' }, () => 'x" OR WorkflowId!="').invalid,
    ).toEqual([
      'orderId cannot go into a visibility query as `x" OR WorkflowId!="`: use letters, digits and . _ - only',
    ]);
    expect(fillTemplate({ selector: 'app={app}' }, () => 'web,tier!=db').invalid).toHaveLength(1);
    expect(fillTemplate({ selector: 'app={app}' }, () => 'orchestrator-worker')).toEqual({
      input: { selector: 'app=orchestrator-worker' },
      missing: [],
      invalid: [],
    });
  });

  it('puts any other value in as it is: a workflow id is not a pattern', () => {
    expect(fillTemplate({ workflowId: 'order-{orderId}' }, () => attack).input).toEqual({
      workflowId: `order-${attack}`,
    });
  });
});

describe('slotsOf', () => {
  it('names each parameter a template uses, once, in order', () => {
    expect(slotsOf({ a: 'planning-{orderId}', b: ['{podName}', '{orderId}'], c: 3 })).toEqual([
      'orderId',
      'podName',
    ]);
    expect(slotsOf({})).toEqual([]);
  });
});
