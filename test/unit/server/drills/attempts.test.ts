import { describe, expect, it } from 'vitest';
import { runbookUrl } from '../../../../server/drills/attempts.ts';

describe('runbookUrl', () => {
  it('puts the parameters in the query string, as the runbook pages read them', () => {
    expect(
      runbookUrl('stuck-workflow-recovery', {
        orderId: 'ORD-1A2B3C4D',
        scheduledStart: '2026-01-04T10:00:00Z',
      }),
    ).toBe(
      '/runbooks/stuck-workflow-recovery/?orderId=ORD-1A2B3C4D&scheduledStart=2026-01-04T10%3A00%3A00Z',
    );
  });

  it('leaves the query string off when the runbook takes no parameters', () => {
    expect(runbookUrl('high-workflow-latency', {})).toBe('/runbooks/high-workflow-latency/');
  });
});
