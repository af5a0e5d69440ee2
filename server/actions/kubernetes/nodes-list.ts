import type { V1Node } from '@kubernetes/client-node';
import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { shortAge } from './shared/pods.ts';
import {
  labelSelectorSchema,
  NAME_AND_SELECTOR_CONFLICT,
  notNameAndSelector,
  objectNameSchema,
} from './shared/schemas.ts';

export interface NodeSummary {
  name: string;
  /** kubectl's STATUS: Ready, NotReady or Unknown, with SchedulingDisabled when cordoned. */
  status: string;
  roles: string[];
  age: string;
  ageSeconds: number;
  version: string;
  internalIP: string | null;
  /** Conditions other than Ready that are true: MemoryPressure, DiskPressure, PIDPressure… */
  pressure: string[];
  capacity: { cpu: string | null; memory: string | null; pods: string | null };
  allocatable: { cpu: string | null; memory: string | null; pods: string | null };
  taints: string[];
  unschedulable: boolean;
}

const ROLE_LABEL = 'node-role.kubernetes.io/';

export default defineAction({
  id: 'kubernetes.nodes.list',
  title: 'List nodes',
  summary:
    'The cluster’s nodes as kubectl get nodes -o wide shows them: status (cordoned included), roles, age, version, internal IP, pressure conditions, capacity and taints.',
  risk: 'read',
  clusterWide: true,
  input: z
    .strictObject({
      name: objectNameSchema('node', 'kwok-node')
        .optional()
        .describe('Only this node (kubectl get node NAME); empty for all'),
      selector: labelSelectorSchema.optional(),
    })
    .refine(notNameAndSelector, NAME_AND_SELECTOR_CONFLICT()),
  async run(ctx, { name, selector }) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const items = name
        ? [await kube.core.readNode({ name })]
        : (await kube.core.listNode(selector ? { labelSelector: selector } : {})).items;
      const now = Date.now();
      const nodes = items
        .map((node) => summarizeNode(node, now))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { selector: selector ?? null, nodes };
    });
  },
});

function summarizeNode(node: V1Node, now: number): NodeSummary {
  const conditions = node.status?.conditions ?? [];
  const ready = conditions.find((condition) => condition.type === 'Ready');
  const readiness =
    ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  const unschedulable = node.spec?.unschedulable ?? false;
  const created = node.metadata?.creationTimestamp
    ? new Date(node.metadata.creationTimestamp).getTime()
    : now;
  const ageSeconds = Math.max(0, Math.round((now - created) / 1000));
  const resources = (list: Record<string, string> | undefined) => ({
    cpu: list?.['cpu'] ?? null,
    memory: list?.['memory'] ?? null,
    pods: list?.['pods'] ?? null,
  });
  return {
    name: node.metadata?.name ?? '',
    status: unschedulable ? `${readiness},SchedulingDisabled` : readiness,
    roles: Object.keys(node.metadata?.labels ?? {})
      .filter((label) => label.startsWith(ROLE_LABEL))
      .map((label) => label.slice(ROLE_LABEL.length))
      .filter(Boolean),
    age: shortAge(ageSeconds),
    ageSeconds,
    version: node.status?.nodeInfo?.kubeletVersion ?? '',
    internalIP:
      node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address ?? null,
    pressure: conditions
      .filter((condition) => condition.type !== 'Ready' && condition.status === 'True')
      .map((condition) => condition.type),
    capacity: resources(node.status?.capacity),
    allocatable: resources(node.status?.allocatable),
    taints: (node.spec?.taints ?? []).map(
      (taint) => `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`,
    ),
    unschedulable,
  };
}
