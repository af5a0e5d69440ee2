import type { V1Deployment } from '@kubernetes/client-node';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import type { KubeApi } from '../../targets/kubernetes.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { changesBetween, describeChange } from './shared/changes.ts';
import { DRY_RUN, patchAs } from './shared/patch.ts';
import { deploymentNameSchema, namespaceSchema } from './shared/schemas.ts';
import { revisionOf } from './shared/workloads.ts';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const input = z.strictObject({ namespace: namespaceSchema.optional(), name: deploymentNameSchema });
type Input = z.output<typeof input>;

/** Exactly what kubectl rollout restart sends: a new restartedAt on the pod template (RFC 3339). */
function restartPatch(at: Date) {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: stamp } } } } };
}

function apply(kube: KubeApi, namespace: string, name: string, at: Date, dryRun: boolean) {
  return kube.apps.patchNamespacedDeployment(
    { name, namespace, body: restartPatch(at), ...(dryRun ? { dryRun: DRY_RUN } : {}) },
    patchAs('StrategicMergePatch'),
  );
}

/** kubectl's own refusal, and for the same reason: a paused deployment would not roll. */
function pausedRefusal(deployment: V1Deployment, name: string): string | undefined {
  return deployment.spec?.paused
    ? `Deployment ${name} is paused: resume it first (kubectl rollout resume), or its pods would not be replaced.`
    : undefined;
}

const templateAnnotations = (deployment: V1Deployment) => ({
  annotations: deployment.spec?.template?.metadata?.annotations ?? {},
});

async function preview(ctx: ActionContext, { namespace, name }: Input): Promise<Preview> {
  return ctx.targets.kubernetes.call(ctx, async (kube) => {
    const ns = namespace ?? kube.namespace;
    const deployment = await kube.apps.readNamespacedDeployment({ name, namespace: ns });
    const replicas = deployment.spec?.replicas ?? 1;
    const summary = `Restart deployment ${name} in ${ns}: replace its ${replicas} pod(s) in a rolling update`;
    const blocked = pausedRefusal(deployment, name);
    if (blocked) return { summary, blocked };
    const at = new Date();
    // The server's dry run: admission has its say before the person confirms.
    const after = await apply(kube, ns, name, at, true);
    const changes = changesBetween(
      templateAnnotations(deployment),
      templateAnnotations(after),
      'spec.template.metadata',
    );
    return {
      summary,
      affected: [
        {
          kind: 'Deployment',
          namespace: ns,
          name,
          replicas,
          revision: revisionOf(deployment.metadata),
        },
      ],
      warnings: [
        `Each of the ${replicas} pod(s) is replaced by a new one, a few at a time (${deployment.spec?.strategy?.type ?? 'RollingUpdate'}): in-flight work in a stopping pod is interrupted.`,
      ],
      details: {
        dryRun: true,
        patchType: 'application/strategic-merge-patch+json',
        // The annotation's time is set again when the restart runs.
        patch: restartPatch(at),
        changes,
        diff: changes.map(describeChange),
      },
    };
  });
}

export default defineAction({
  id: 'kubernetes.deployment.restart',
  title: 'Restart deployment',
  summary:
    'Replaces every pod of a deployment in a rolling update (kubectl rollout restart), by a new restartedAt annotation on its pod template; the preview is the API server’s dry run of that patch.',
  risk: 'write',
  input,
  preview,
  async run(ctx, { namespace, name }) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      const deployment = await kube.apps.readNamespacedDeployment({ name, namespace: ns });
      const blocked = pausedRefusal(deployment, name);
      if (blocked) throw new ActionError('precondition_failed', blocked);
      const at = new Date();
      const after = await apply(kube, ns, name, at, false);
      return {
        namespace: ns,
        deployment: name,
        restartedAt: restartPatch(at).spec.template.metadata.annotations[RESTARTED_AT]!,
        revisionBefore: revisionOf(deployment.metadata),
        generation: after.metadata?.generation ?? null,
        next: 'kubernetes.deployment.rolloutStatus follows the pods being replaced.',
      };
    });
  },
});
