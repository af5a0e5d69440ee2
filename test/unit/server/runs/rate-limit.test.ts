import { describe, expect, it } from 'vitest';
import { inFlightCap } from '../../../../server/runs/rate-limit.ts';

describe('inFlightCap', () => {
  it('refuses a person past their places until one is released, without touching others', () => {
    const cap = inFlightCap(2);
    const first = cap.enter('ann');
    cap.enter('ann');
    expect(() => cap.enter('ann')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    expect(() => cap.enter('bob')).not.toThrow();
    first();
    first(); // releasing twice frees one place, not two
    cap.enter('ann');
    expect(() => cap.enter('ann')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
  });
});
