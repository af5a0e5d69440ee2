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

describe('slotsOf', () => {
  it('names each parameter a template uses, once, in order', () => {
    expect(slotsOf({ a: 'planning-{orderId}', b: ['{podName}', '{orderId}'], c: 3 })).toEqual([
      'orderId',
      'podName',
    ]);
    expect(slotsOf({})).toEqual([]);
  });
});
