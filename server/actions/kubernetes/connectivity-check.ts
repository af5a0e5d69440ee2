import { connect } from 'node:net';
import type { V1EndpointSlice, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import { mapConcurrently } from '../../runs/concurrency.ts';
import { defineAction } from '../define-action.ts';
import { namespaceSchema, objectNameSchema } from './shared/schemas.ts';

const MAX_ENDPOINTS = 10;

const input = z.strictObject({
  namespace: namespaceSchema.optional(),
  service: objectNameSchema('service', 'mongodb'),
  port: z
    .union([
      z.coerce.number().int().min(1).max(65_535),
      z
        .string()
        // Kubernetes port names are at most 15 characters (IANA service names).
        .max(15, 'a port name has at most 15 characters')
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a port is a number or a port name'),
    ])
    .optional()
    .describe('Service port, by number or name, e.g. 27017 or http; empty for its first port'),
  protocol: z
    .enum(['tcp', 'http'])
    .default('tcp')
    .describe('tcp: open a connection (nc -z); http: GET a path (curl, wget)'),
  path: z
    .string()
    .regex(/^\/[^\s]*$/, 'a path starts with /, e.g. /health')
    .max(500)
    .default('/health')
    .describe('For http: the path to GET, e.g. /health'),
  timeoutMs: z.coerce.number().int().min(100).max(30_000).default(3_000),
  resolveOnly: z
    .boolean()
    .default(false)
    .describe(
      'Only list the addresses it would probe (which pods back the service), without connecting',
    ),
});

export interface Probe {
  address: string;
  port: number;
  /** The pod behind the endpoint, when the cluster says. */
  pod: string | null;
  ok: boolean;
  /** Time to connect (tcp) or to the response headers (http), in milliseconds. */
  ms: number;
  /** For http: the status code and the first bytes of the body. */
  status?: number;
  body?: string;
  error?: string;
}

export default defineAction({
  id: 'kubernetes.connectivity.check',
  title: 'Check connectivity',
  summary:
    'Probes a service from the Runsheet backend, with timing: a TCP connection or an HTTP GET to each ready endpoint behind it (or its ExternalName), and says which answered.',
  risk: 'read',
  input,
  async run(ctx, request) {
    const { service, targets, namespace, servicePort } = await ctx.targets.kubernetes.call(
      ctx,
      async (kube) => {
        const ns = request.namespace ?? kube.namespace;
        const found = await kube.core.readNamespacedService({
          name: request.service,
          namespace: ns,
        });
        const port = pickPort(found, request.port);
        if (found.spec?.type === 'ExternalName') {
          return {
            service: found,
            namespace: ns,
            servicePort: port,
            targets: [{ address: found.spec.externalName!, port: port.port, pod: null }],
          };
        }
        const slices = await kube.discovery.listNamespacedEndpointSlice({
          namespace: ns,
          labelSelector: `kubernetes.io/service-name=${request.service}`,
        });
        return {
          service: found,
          namespace: ns,
          servicePort: port,
          targets: endpointsFor(slices.items, port),
        };
      },
    );
    const via = service.spec?.type === 'ExternalName' ? 'externalName' : 'endpoints';
    const base = {
      namespace,
      service: request.service,
      protocol: request.protocol,
      port: servicePort.port,
      via,
    };
    if (targets.length === 0) {
      return {
        ...base,
        reachable: false,
        summary: `Service ${request.service} has no ready endpoints: nothing accepts connections on port ${servicePort.port}.`,
        probes: [] as Probe[],
      };
    }
    const chosen = targets.slice(0, MAX_ENDPOINTS);
    if (request.resolveOnly) {
      return {
        ...base,
        reachable: null,
        summary: `Would probe ${chosen.length} endpoint${chosen.length === 1 ? '' : 's'} of ${request.service}.`,
        probes: [] as Probe[],
        endpoints: chosen,
      };
    }
    const outcomes = await mapConcurrently(chosen, 5, ctx.signal, (target) =>
      request.protocol === 'tcp'
        ? probeTcp(target, request.timeoutMs, ctx.signal)
        : probeHttp(target, request.path, request.timeoutMs, ctx.signal),
    );
    const probes = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<Probe>).value);
    const answered = probes.filter((probe) => probe.ok);
    const times = answered.map((probe) => probe.ms);
    return {
      ...base,
      reachable: answered.length > 0,
      summary:
        answered.length > 0
          ? `${answered.length} of ${probes.length} endpoint${probes.length === 1 ? '' : 's'} answered in ${Math.min(...times)}–${Math.max(...times)} ms.`
          : `None of ${probes.length} endpoint${probes.length === 1 ? '' : 's'} answered: ${probes[0]!.error}.`,
      probes,
      ...(targets.length > chosen.length
        ? { note: `Probed ${chosen.length} of ${targets.length} endpoints.` }
        : {}),
    };
  },
});

function pickPort(service: V1Service, wanted: number | string | undefined): V1ServicePort {
  const ports = service.spec?.ports ?? [];
  const port =
    wanted === undefined
      ? ports[0]
      : ports.find((candidate) =>
          typeof wanted === 'number' ? candidate.port === wanted : candidate.name === wanted,
        );
  if (!port) {
    const known = ports.map((candidate) => candidate.name ?? String(candidate.port)).join(', ');
    throw new ActionError(
      'not_found',
      `Service ${service.metadata?.name} has no port ${wanted ?? ''}; its ports: ${known || 'none'}.`,
    );
  }
  return port;
}

/** The ready endpoints of the service port: address, the container port it maps to, and the pod. */
function endpointsFor(slices: V1EndpointSlice[], port: V1ServicePort) {
  return slices.flatMap((slice) => {
    const target = (slice.ports ?? []).find(
      (candidate) => (candidate.name ?? '') === (port.name ?? ''),
    );
    if (!target?.port) return [];
    return (slice.endpoints ?? [])
      .filter((endpoint) => endpoint.conditions?.ready !== false)
      .flatMap((endpoint) =>
        endpoint.addresses.map((address) => ({
          address,
          port: target.port!,
          pod: endpoint.targetRef?.kind === 'Pod' ? (endpoint.targetRef.name ?? null) : null,
        })),
      );
  });
}

type Target = { address: string; port: number; pod: string | null };

function probeTcp(target: Target, timeoutMs: number, signal: AbortSignal): Promise<Probe> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: target.address, port: target.port, timeout: timeoutMs, signal });
    const done = (ok: boolean, error?: string) => {
      socket.destroy();
      resolve({ ...target, ok, ms: elapsed(started), ...(error ? { error } : {}) });
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false, `no answer within ${timeoutMs} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => done(false, describe(error)));
  });
}

async function probeHttp(
  target: Target,
  path: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Probe> {
  const started = performance.now();
  const host = target.address.includes(':') ? `[${target.address}]` : target.address;
  try {
    const response = await fetch(`http://${host}:${target.port}${path}`, {
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const ms = elapsed(started);
    const body = (await response.text()).slice(0, 200);
    // Any answer proves the path works; the status says whether the service is healthy.
    return { ...target, ok: true, ms, status: response.status, body };
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      ...target,
      ok: false,
      ms: elapsed(started),
      error: timedOut ? `no answer within ${timeoutMs} ms` : describe(cause ?? (error as Error)),
    };
  }
}

function describe(error: NodeJS.ErrnoException): string {
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'host not found',
    ECONNRESET: 'connection reset',
  };
  return error.code && known[error.code] ? `${known[error.code]} (${error.code})` : error.message;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
