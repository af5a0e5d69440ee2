import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { shortAge } from './shared/pods.ts';
import { labelSelectorSchema, namespaceSchema } from './shared/schemas.ts';

export interface ServiceSummary {
  name: string;
  type: string;
  clusterIP: string | null;
  externalName: string | null;
  /** kubectl's PORT(S): 80/TCP, 27017/TCP, 80:30080/TCP… */
  ports: {
    name: string | null;
    port: number;
    targetPort: string | null;
    protocol: string;
    nodePort: number | null;
  }[];
  selector: Record<string, string> | null;
  /** Endpoints behind it: a service with no ready endpoint refuses every connection. */
  endpoints: { ready: number; notReady: number };
  age: string;
}

export default defineAction({
  id: 'kubernetes.services.list',
  title: 'List services',
  summary:
    'The services of a namespace (kubectl get svc): type, cluster IP, ports, selector, and how many ready endpoints back each one.',
  risk: 'read',
  input: z.strictObject({
    namespace: namespaceSchema.optional(),
    selector: labelSelectorSchema.optional(),
  }),
  async run(ctx, { namespace, selector }) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      const [services, slices] = await Promise.all([
        kube.core.listNamespacedService({
          namespace: ns,
          ...(selector ? { labelSelector: selector } : {}),
        }),
        kube.discovery.listNamespacedEndpointSlice({ namespace: ns }),
      ]);
      const now = Date.now();
      return {
        namespace: ns,
        services: services.items
          .map((service) => summarize(service, slices.items, now))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    });
  },
});

function summarize(service: V1Service, slices: V1EndpointSlice[], now: number): ServiceSummary {
  const name = service.metadata?.name ?? '';
  const mine = slices.filter(
    (slice) => slice.metadata?.labels?.['kubernetes.io/service-name'] === name,
  );
  const endpoints = { ready: 0, notReady: 0 };
  for (const endpoint of mine.flatMap((slice) => slice.endpoints ?? [])) {
    if (endpoint.conditions?.ready === false) endpoints.notReady++;
    else endpoints.ready++;
  }
  const created = service.metadata?.creationTimestamp;
  return {
    name,
    type: service.spec?.type ?? 'ClusterIP',
    clusterIP: service.spec?.clusterIP ?? null,
    externalName: service.spec?.externalName ?? null,
    ports: (service.spec?.ports ?? []).map((port) => ({
      name: port.name ?? null,
      port: port.port,
      targetPort: port.targetPort === undefined ? null : String(port.targetPort),
      protocol: port.protocol ?? 'TCP',
      nodePort: port.nodePort ?? null,
    })),
    selector: service.spec?.selector ?? null,
    endpoints,
    age: created ? shortAge(Math.round((now - new Date(created).getTime()) / 1000)) : '',
  };
}
