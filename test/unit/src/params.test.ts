import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../../src/components/runbook/client/params.ts';

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
        params,
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
    const { missing } = fillTemplate(
      { a: '{orderId}', b: '{orderId}-{waveId}' },
      new URLSearchParams({ waveId: '' }),
    );
    expect(missing).toEqual(['orderId', 'waveId']);
  });

  it('leaves text that only looks like a placeholder alone', () => {
    expect(fillTemplate({ input: '{"waveId":"W-1"}' }, new URLSearchParams()).input).toEqual({
      input: '{"waveId":"W-1"}',
    });
  });
});
