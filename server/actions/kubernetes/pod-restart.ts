import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import type { KubeApi } from '../../targets/kubernetes.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { isPodReady, summarizePod } from './shared/pods.ts';
import { namespaceSchema, podNameSchema, timeoutSecondsSchema } from './shared/schemas.ts';
import { selectorString } from './shared/selectors.ts';
import { pause } from './shared/wait.ts';

const POLL_MS = 500;

const input = z.strictObject({
  namespace: namespaceSchema.optional(),
  pod: podNameSchema,
  timeoutSeconds: timeoutSecondsSchema(120, 600),
});
type Input = z.output<typeof input>;

/** Who recreates the pod once it is deleted, and the pods it runs now. */
interface Owner {
  kind: string;
  name: string;
  /** The deployment above a ReplicaSet, when there is one. */
  deployment: string | null;
  /** Label selector of the owner's pods. */
  selector: string;
  uid: string;
}

async function ownerOf(kube: KubeApi, namespace: string, pod: V1Pod): Promise<Owner | null> {
  const controller = pod.metadata?.ownerReferences?.find((owner) => owner.controller);
  if (!controller) return null;
  if (controller.kind === 'ReplicaSet') {
    const rs = await kube.apps.readNamespacedReplicaSet({ name: controller.name, namespace });
    const deployment = rs.metadata?.ownerReferences?.find(
      (owner: V1OwnerReference) => owner.controller && owner.kind === 'Deployment',
    );
    return {
      kind: 'ReplicaSet',
      name: controller.name,
      deployment: deployment?.name ?? null,
      selector: selectorString(rs.spec?.selector),
      uid: controller.uid,
    };
  }
  // StatefulSet, DaemonSet, Job…: their pods carry the owner's labels; the uid tells them apart.
  const labels = Object.entries(pod.metadata?.labels ?? {})
    .filter(
      ([key]) =>
        ![
          'controller-revision-hash',
          'pod-template-generation',
          'statefulset.kubernetes.io/pod-name',
          'apps.kubernetes.io/pod-index',
        ].includes(key),
    )
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  return {
    kind: controller.kind,
    name: controller.name,
    deployment: null,
    selector: labels,
    uid: controller.uid,
  };
}

async function ownedPods(kube: KubeApi, namespace: string, owner: Owner): Promise<V1Pod[]> {
  const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: owner.selector });
  return pods.items.filter((pod) =>
    pod.metadata?.ownerReferences?.some((ref) => ref.controller && ref.uid === owner.uid),
  );
}

async function preview(ctx: ActionContext, request: Input): Promise<Preview> {
  return ctx.targets.kubernetes.call(ctx, async (kube) => {
    const namespace = request.namespace ?? kube.namespace;
    const pod = await kube.core.readNamespacedPod({ name: request.pod, namespace });
    const owner = await ownerOf(kube, namespace, pod);
    const summary = `Delete pod ${request.pod} (${namespace}) and wait up to ${request.timeoutSeconds} s for a Ready replacement`;
    if (!owner) {
      return {
        summary,
        blocked: `Pod ${request.pod} has no controller: deleted, it would not come back.`,
      };
    }
    const siblings = await ownedPods(kube, namespace, owner);
    const readyOthers = siblings.filter(
      (other) => other.metadata?.uid !== pod.metadata?.uid && isPodReady(other),
    ).length;
    const by = owner.deployment
      ? `deployment ${owner.deployment} (ReplicaSet ${owner.name})`
      : `${owner.kind} ${owner.name}`;
    const warnings = [`${by} creates the replacement; work in flight in this pod is lost.`];
    if (readyOthers === 0) {
      warnings.push(
        `It is the only Ready pod of ${by}: nothing serves until the replacement is Ready.`,
      );
    }
    return {
      summary,
      affected: [{ kind: 'Pod', ...summarizePod(pod), namespace, owner: by }],
      warnings,
      details: { owner, readyPodsLeft: readyOthers },
    };
  });
}

async function run(ctx: ActionContext, request: Input) {
  const kubernetes = ctx.targets.kubernetes;
  const started = Date.now();
  const { namespace, deleted, owner, before } = await kubernetes.call(ctx, async (kube) => {
    const namespace = request.namespace ?? kube.namespace;
    const pod = await kube.core.readNamespacedPod({ name: request.pod, namespace });
    const owner = await ownerOf(kube, namespace, pod);
    if (!owner) {
      throw new ActionError('precondition_failed', `Pod ${request.pod} has no controller.`);
    }
    const before = new Set((await ownedPods(kube, namespace, owner)).map((p) => p.metadata!.uid!));
    // The uid precondition: never delete a newer pod that took the same name meanwhile.
    await kube.core.deleteNamespacedPod({
      name: request.pod,
      namespace,
      body: { preconditions: { uid: pod.metadata!.uid! } },
    });
    return { namespace, deleted: pod.metadata!.uid!, owner, before };
  });
  ctx.progress({
    message: `Deleted ${request.pod}; waiting for ${owner.kind} ${owner.name} to replace it`,
  });

  const deadline = started + request.timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    const pods = await kubernetes.call(ctx, (kube) => ownedPods(kube, namespace, owner));
    const replacement = pods
      .filter((pod) => pod.metadata?.uid !== deleted && !before.has(pod.metadata!.uid!))
      .sort((a, b) => Number(isPodReady(b)) - Number(isPodReady(a)))[0];
    const state = replacement ? summarizePod(replacement) : undefined;
    const message = state
      ? `Replacement ${state.name}: ${state.status}, ready ${state.ready}`
      : 'No replacement pod yet';
    if (message !== last) {
      last = message;
      ctx.progress({ message });
    }
    if (replacement && state?.isReady) {
      return {
        namespace,
        deleted: request.pod,
        replacement: state,
        owner: { kind: owner.kind, name: owner.name, deployment: owner.deployment },
        waitedMs: Date.now() - started,
      };
    }
    if (Date.now() + POLL_MS > deadline) {
      throw new ActionError(
        'deadline_exceeded',
        `Pod ${request.pod} was deleted, but no replacement was Ready within ${request.timeoutSeconds} s (${message}).`,
        {
          hint: state
            ? `Look at kubernetes.pod.events and kubernetes.pods.logs for ${state.name}.`
            : `Check ${owner.kind} ${owner.name}: it has not created a replacement.`,
        },
      );
    }
    await pause(POLL_MS, ctx.signal);
  }
}

export default defineAction({
  id: 'kubernetes.pod.restart',
  title: 'Restart pod',
  summary:
    'Deletes one pod so its controller replaces it, then waits until the replacement is Ready (kubectl delete pod + kubectl wait --for=condition=ready), with a time limit.',
  risk: 'destructive',
  input,
  preview,
  run,
});
