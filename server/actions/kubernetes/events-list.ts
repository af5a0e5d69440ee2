import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { byLastSeen, toEvent, type KubeEvent } from './shared/events.ts';
import {
  ALL_NAMESPACES_CONFLICT,
  allNamespacesSchema,
  fieldSelectorSchema,
  namespaceSchema,
  notWithAllNamespaces,
} from './shared/schemas.ts';

export interface ListedEvent extends KubeEvent {
  namespace: string;
  /** kubectl's OBJECT column: kind/name, e.g. pod/orchestrator-worker-7d9f8b6c5-x2x9k. */
  object: string;
}

// `kubectl events --for KIND/NAME`: a kind kubectl knows, lower-case or as written, and a name.
const forSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z]+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'name the object as kind/name, e.g. pod/orchestrator-worker-7d9f8b6c5-x2x9k or deployment/orchestrator-worker',
  )
  .describe('Only the events of this object, kind/name (kubectl events --for)');

const SHORT_KINDS: Record<string, string> = {
  po: 'Pod',
  pod: 'Pod',
  pods: 'Pod',
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  rs: 'ReplicaSet',
  replicaset: 'ReplicaSet',
  replicasets: 'ReplicaSet',
  sts: 'StatefulSet',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  no: 'Node',
  node: 'Node',
  nodes: 'Node',
  svc: 'Service',
  service: 'Service',
  services: 'Service',
};

export default defineAction({
  id: 'kubernetes.events.list',
  title: 'List events',
  summary:
    'Events of a namespace or of every namespace, oldest first, as kubectl get events / kubectl events show them: type, reason, object, message, count; narrowed to Warnings, one object or a field selector.',
  risk: 'read',
  input: z
    .strictObject({
      namespace: namespaceSchema.optional(),
      allNamespaces: allNamespacesSchema,
      for: forSchema.optional(),
      types: z
        .array(z.enum(['Normal', 'Warning']))
        .min(1)
        .optional()
        .describe('Only these types (kubectl events --types), e.g. ["Warning"]'),
      fieldSelector: fieldSelectorSchema.optional(),
    })
    .refine(notWithAllNamespaces, ALL_NAMESPACES_CONFLICT())
    .refine((value) => !value.for || SHORT_KINDS[value.for.split('/')[0]!.toLowerCase()], {
      message: `for names a kind Runsheet knows: ${[...new Set(Object.values(SHORT_KINDS))].join(', ')}`,
      path: ['for'],
    }),
  async run(ctx, input) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = input.allNamespaces ? null : (input.namespace ?? kube.namespace);
      const selectors = [input.fieldSelector];
      if (input.for) {
        const [kind, name] = input.for.split('/') as [string, string];
        selectors.push(
          `involvedObject.kind=${SHORT_KINDS[kind.toLowerCase()]},involvedObject.name=${name}`,
        );
      }
      if (input.types?.length === 1) selectors.push(`type=${input.types[0]}`);
      const fieldSelector = selectors.filter(Boolean).join(',');
      const query = fieldSelector ? { fieldSelector } : {};
      const list =
        ns === null
          ? await kube.core.listEventForAllNamespaces(query)
          : await kube.core.listNamespacedEvent({ namespace: ns, ...query });
      const events: ListedEvent[] = list.items
        .map((event) => ({
          namespace: event.metadata.namespace ?? '',
          object: `${event.involvedObject.kind?.toLowerCase() ?? ''}/${event.involvedObject.name ?? ''}`,
          ...toEvent(event),
        }))
        .sort(byLastSeen);
      return { namespace: ns, fieldSelector: fieldSelector || null, events };
    });
  },
});
