import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { rolloutState, type RolloutState } from './shared/rollout.ts';
import { pause } from './shared/wait.ts';
import { deploymentNameSchema, namespaceSchema, timeoutSecondsSchema } from './shared/schemas.ts';

const POLL_MS = 500;

export interface RolloutStatusResult extends RolloutState {
  namespace: string;
  deployment: string;
  /** complete or failed as the cluster says; timed_out when it was still progressing at the limit. */
  outcome: 'complete' | 'failed' | 'timed_out';
  waitedMs: number;
}

export default defineAction({
  id: 'kubernetes.deployment.rolloutStatus',
  title: 'Rollout status',
  summary:
    'Watches a deployment’s rollout (kubectl rollout status), streaming each change, until it completes, fails its progress deadline or the wait times out.',
  risk: 'read',
  input: z.strictObject({
    namespace: namespaceSchema.optional(),
    name: deploymentNameSchema,
    timeoutSeconds: timeoutSecondsSchema(300, 1800),
  }),
  async run(ctx, { namespace, name, timeoutSeconds }): Promise<RolloutStatusResult> {
    const kubernetes = ctx.targets.kubernetes;
    const ns = namespace ?? kubernetes.namespace;
    const started = Date.now();
    const deadline = started + timeoutSeconds * 1000;
    let lastMessage = '';
    for (;;) {
      const deployment = await kubernetes.call(ctx, (kube) =>
        kube.apps.readNamespacedDeployment({ name, namespace: ns }),
      );
      const state = rolloutState(deployment);
      if (state.message !== lastMessage) {
        lastMessage = state.message;
        ctx.progress({ message: state.message, done: state.available, total: state.replicas });
      }
      const waitedMs = Date.now() - started;
      const base = { namespace: ns, deployment: name, waitedMs, ...state };
      if (state.state !== 'progressing') return { ...base, outcome: state.state };
      if (Date.now() + POLL_MS > deadline) return { ...base, outcome: 'timed_out' };
      await pause(POLL_MS, ctx.signal);
    }
  },
});
