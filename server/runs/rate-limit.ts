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

export interface InFlightCap {
  /** Takes one of this person's places; throws rate_limited when all are taken. Returns the release. */
  enter(actorId: string): () => void;
}

/** At most `perPerson` runs of one person at once: one person cannot hog the targets with reads. */
export function inFlightCap(perPerson: number): InFlightCap {
  const running = new Map<string, number>();
  return {
    enter(actorId) {
      const now = running.get(actorId) ?? 0;
      if (now >= perPerson) {
        throw new ActionError(
          'rate_limited',
          `${actorId} already has ${perPerson} reads running; this one was not started.`,
          { hint: 'Wait for one to finish (or stop a followed log), then run the step again.' },
        );
      }
      running.set(actorId, now + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (running.get(actorId) ?? 1) - 1;
        if (left > 0) running.set(actorId, left);
        else running.delete(actorId);
      };
    },
  };
}
