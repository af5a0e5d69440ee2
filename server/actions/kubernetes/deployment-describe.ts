import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import {
  describeConditions,
  describeContainers,
  describeMeta,
  type Condition,
  type ContainerSpec,
} from './shared/describe.ts';
import { eventsOf, type KubeEvent } from './shared/events.ts';
import { deploymentNameSchema, namespaceSchema } from './shared/schemas.ts';
import { selectorString } from './shared/selectors.ts';
import { ownedBy, revisionOf } from './shared/workloads.ts';

export interface DeploymentDescription extends ReturnType<typeof describeMeta> {
  selector: string;
  replicas: {
    desired: number;
    updated: number;
    total: number;
    available: number;
    unavailable: number;
  };
  strategy: { type: string; maxSurge: string | null; maxUnavailable: string | null };
  minReadySeconds: number;
  paused: boolean;
  revision: number | null;
  template: {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    serviceAccount: string | null;
    containers: ContainerSpec[];
    volumes: string[];
    nodeSelector: Record<string, string>;
  };
  conditions: Condition[];
  /** kubectl's NewReplicaSet and OldReplicaSets (those still running pods): name and ready/desired. */
  newReplicaSet: { name: string; pods: string; revision: number | null } | null;
  oldReplicaSets: { name: string; pods: string; revision: number | null }[];
  events: KubeEvent[];
}

export default defineAction({
  id: 'kubernetes.deployment.describe',
  title: 'Describe deployment',
  summary:
    'One deployment as kubectl describe deployment shows it: replicas, strategy, pod template (images, resources, probes, env names), conditions, new and old ReplicaSets, events.',
  risk: 'read',
  input: z.strictObject({ namespace: namespaceSchema.optional(), name: deploymentNameSchema }),
  async run(ctx, { namespace, name }): Promise<DeploymentDescription> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      const deployment = await kube.apps.readNamespacedDeployment({ name, namespace: ns });
      const selector = selectorString(deployment.spec?.selector);
      const [replicaSets, events] = await Promise.all([
        kube.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: selector }),
        eventsOf((query) => kube.core.listNamespacedEvent(query), {
          kind: 'Deployment',
          namespace: ns,
          name,
          uid: deployment.metadata?.uid,
        }),
      ]);
      const revision = revisionOf(deployment.metadata);
      const owned = ownedBy(deployment, replicaSets.items).map((rs) => ({
        name: rs.metadata?.name ?? '',
        pods: `${rs.status?.readyReplicas ?? 0}/${rs.spec?.replicas ?? 0}`,
        replicas: rs.spec?.replicas ?? 0,
        revision: revisionOf(rs.metadata),
      }));
      const current = owned.find((rs) => rs.revision !== null && rs.revision === revision);
      const status = deployment.status ?? {};
      const rolling = deployment.spec?.strategy?.rollingUpdate;
      const template = deployment.spec?.template;
      return {
        ...describeMeta(deployment.metadata),
        selector,
        replicas: {
          desired: deployment.spec?.replicas ?? 1,
          updated: status.updatedReplicas ?? 0,
          total: status.replicas ?? 0,
          available: status.availableReplicas ?? 0,
          unavailable: status.unavailableReplicas ?? 0,
        },
        strategy: {
          type: deployment.spec?.strategy?.type ?? 'RollingUpdate',
          maxSurge: rolling?.maxSurge === undefined ? null : String(rolling.maxSurge),
          maxUnavailable:
            rolling?.maxUnavailable === undefined ? null : String(rolling.maxUnavailable),
        },
        minReadySeconds: deployment.spec?.minReadySeconds ?? 0,
        paused: deployment.spec?.paused ?? false,
        revision,
        template: {
          labels: template?.metadata?.labels ?? {},
          annotations: template?.metadata?.annotations ?? {},
          serviceAccount: template?.spec?.serviceAccountName ?? null,
          containers: describeContainers(template?.spec),
          volumes: (template?.spec?.volumes ?? []).map((volume) => volume.name),
          nodeSelector: template?.spec?.nodeSelector ?? {},
        },
        conditions: describeConditions(status.conditions),
        newReplicaSet: current ? pick(current) : null,
        oldReplicaSets: owned.filter((rs) => rs !== current && rs.replicas > 0).map(pick),
        events,
      };
    });
  },
});

const pick = ({
  name,
  pods,
  revision,
}: {
  name: string;
  pods: string;
  revision: number | null;
}) => ({
  name,
  pods,
  revision,
});
