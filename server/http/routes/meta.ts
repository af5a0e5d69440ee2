import { Hono } from 'hono';
import type { Action } from '../../actions/define-action.ts';
import { actions, describeAction } from '../../actions/registry.ts';
import { decide, permissionsOf, scopeOf } from '../../auth/policy.ts';
import { adhocPermissions } from '../../notebook/adhoc-policy.ts';
import { checkTargets } from '../../targets/targets.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';

/** Liveness, readiness, who am I, and what actions exist. */
export function metaRoutes({ targets, environment, identity, policy, targetChecks }: ApiDeps) {
  return new Hono<ApiEnv>()
    .get('/health', (c) => c.json({ status: 'ok' as const }))
    .get('/me', (c) => {
      const actor = c.get('actor');
      const scope = (action: Action) => scopeOf(action, {}, targets);
      const forbidden = Object.fromEntries(
        actions.map((action) => [
          action.id,
          decide({ actor, action, scope: scope(action), environment }, identity, policy).reason,
        ]),
      );
      // Ad-hoc work (incident pages) answers to policy.adhoc too: what this person may run there.
      const adhoc = adhocPermissions(actor, environment, identity, policy);
      return c.json({ ...permissionsOf(actor, environment, identity, policy), forbidden, adhoc });
    })
    .get('/ready', async (c) => {
      // Unidentified callers (probes) learn up or down per target, not addresses or errors, from
      // cached checks: however many of them come, the targets see one check per interval. Someone
      // identified (accountable, and capped like any reader) gets a check made now.
      const identified = (c.var as { actor?: unknown }).actor !== undefined;
      const checks = identified
        ? await checkTargets(targets, c.req.raw.signal)
        : await targetChecks();
      const ready = checks.every((check) => check.ok);
      const shown = identified ? checks : checks.map(({ name, ok }) => ({ name, ok }));
      return c.json({ ready, targets: shown }, ready ? 200 : 503);
    })
    .get('/actions', (c) => c.json({ actions: actions.map(describeAction) }));
}
