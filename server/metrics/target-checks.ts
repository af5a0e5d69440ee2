import { checkTargets, type Targets } from '../targets/targets.ts';

type Checks = Awaited<ReturnType<typeof checkTargets>>;

/**
 * The target checks of /api/ready and /metrics, remembered for a few seconds: neither needs
 * identity, so however often they are called the targets see at most one check per interval.
 */
export function cachedTargetChecks(targets: Targets, maxAgeMs = 10_000) {
  let last: { at: number; checks: Promise<Checks> } | undefined;
  return function targetChecks(): Promise<Checks> {
    if (!last || Date.now() - last.at > maxAgeMs) {
      // Not tied to one request's signal: a scraper hanging up must not fail the others' checks.
      const checks = checkTargets(targets, AbortSignal.timeout(maxAgeMs));
      last = { at: Date.now(), checks };
    }
    return last.checks;
  };
}
