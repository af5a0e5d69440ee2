import { ActionError } from '../errors.ts';

export interface RateLimit {
  /** Counts one run for this person; throws rate_limited past the limit. */
  take(actorId: string): void;
}

/** At most `perMinute` write or destructive runs per person in any sliding minute. */
export function rateLimit(perMinute: number, now = () => Date.now()): RateLimit {
  const recent = new Map<string, number[]>();
  return {
    take(actorId) {
      const cutoff = now() - 60_000;
      const times = (recent.get(actorId) ?? []).filter((time) => time > cutoff);
      if (times.length >= perMinute) {
        const wait = Math.ceil((times[0]! - cutoff) / 1000);
        throw new ActionError(
          'rate_limited',
          `${actorId} has started ${perMinute} changing runs in the last minute.`,
          {
            hint: `Wait ${wait} s. A loop of changes is what batch actions are for (temporal.batch.terminate).`,
          },
        );
      }
      times.push(now());
      recent.set(actorId, times);
    },
  };
}
