import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import { mapConcurrently } from '../../runs/concurrency.ts';
import type { KubeApi } from '../../targets/kubernetes.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import { grepSchema } from './shared/grep.ts';
import { interleave, readPodLog, type LogLine, type PodLogTally } from './shared/logs.ts';
import { RecentLines } from './shared/recent-lines.ts';
import { defaultContainer, findPods } from './shared/pods.ts';
import {
  containerNameSchema,
  durationSchema,
  durationSeconds,
  labelSelectorSchema,
  namespaceSchema,
  podNameSchema,
} from './shared/schemas.ts';

/** Pods read at once, as kubectl's --max-log-requests. */
const CONCURRENT_PODS = 5;
/** A follow keeps one stream open per pod. */
const MAX_FOLLOWED_PODS = 20;

const input = z
  .strictObject({
    namespace: namespaceSchema.optional(),
    pod: podNameSchema.optional(),
    selector: labelSelectorSchema.optional(),
    container: containerNameSchema.optional(),
    tail: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .optional()
      .describe('Last lines of each pod’s log (kubectl --tail); empty for all'),
    since: durationSchema.optional(),
    sinceTime: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Only lines from this time on (RFC 3339), e.g. 2026-01-04T10:00:00Z'),
    previous: z
      .boolean()
      .default(false)
      .describe('The log of the previous, crashed container (kubectl --previous)'),
    follow: z.boolean().default(false).describe('Keep streaming new lines (kubectl -f)'),
    followSeconds: z.coerce
      .number()
      .int()
      .min(1)
      .max(600)
      .default(60)
      .describe('How long to follow, in seconds (at most 600)'),
    grep: grepSchema.optional(),
    maxLines: z.coerce
      .number()
      .int()
      .min(1)
      .max(50_000)
      .default(2_000)
      .describe('Most recent lines to return, across pods (at most 50,000)'),
  })
  .refine((value) => Boolean(value.pod) !== Boolean(value.selector), {
    message: 'name a pod or give a label selector (one of them)',
    path: ['selector'],
  })
  .refine((value) => !(value.since && value.sinceTime), {
    message: 'give since or sinceTime, not both',
    path: ['sinceTime'],
  })
  .refine((value) => !(value.follow && value.previous), {
    message: 'a previous container has stopped: there is nothing to follow',
    path: ['follow'],
  });

type Input = z.output<typeof input>;

export interface LogsResult {
  namespace: string;
  pod: string | null;
  selector: string | null;
  /** The pods read, each with the container read. */
  pods: { pod: string; container: string }[];
  lines: LogLine[];
  /** Lines read from the API server, and lines kept by the filter, over all pods. */
  scanned: number;
  kept: number;
  /** True when more lines were kept than maxLines: `lines` holds the most recent ones. */
  truncated: boolean;
  /** Pods whose log could not be read (e.g. no previous container), when others could. */
  errors: { pod: string; message: string }[];
}

async function run(ctx: ActionContext, request: Input): Promise<LogsResult> {
  return ctx.targets.kubernetes.call(ctx, async (kube) => {
    const namespace = request.namespace ?? kube.namespace;
    const pods = await findPods(kube, namespace, request);
    if (request.follow && pods.length > MAX_FOLLOWED_PODS) {
      throw new ActionError(
        'invalid_input',
        `The selector matches ${pods.length} pods; following is limited to ${MAX_FOLLOWED_PODS}.`,
        { hint: 'Narrow the selector, or read without follow.' },
      );
    }
    const targets = pods.map((pod) => ({ pod, container: containerOf(pod, request.container) }));
    return request.follow
      ? follow(ctx, kube, namespace, targets, request)
      : readOnce(kube, namespace, targets, request, ctx.signal);
  });
}

async function readOnce(
  kube: KubeApi,
  namespace: string,
  targets: { pod: V1Pod; container: string }[],
  request: Input,
  signal: AbortSignal,
): Promise<LogsResult> {
  const perPod = targets.map(() => new RecentLines(request.maxLines));
  const outcomes = await mapConcurrently(
    targets.map((target, index) => ({ ...target, index })),
    CONCURRENT_PODS,
    signal,
    ({ pod, container, index }) =>
      readPodLog(kube, query(namespace, pod, container, request), request.grep, (line) =>
        perPod[index]!.push(line),
      ),
  );
  if (signal.aborted) {
    throw new ActionError('cancelled', 'The run was cancelled while reading the logs.');
  }
  return result(namespace, targets, request, perPod, outcomes);
}

/** Streams new lines as `progress` items, interleaved by time in small batches, until time is up. */
async function follow(
  ctx: ActionContext,
  kube: KubeApi,
  namespace: string,
  targets: { pod: V1Pod; container: string }[],
  request: Input,
): Promise<LogsResult> {
  const perPod = targets.map(() => new RecentLines(request.maxLines));
  const stop = AbortSignal.any([ctx.signal, AbortSignal.timeout(request.followSeconds * 1000)]);
  let batch: LogLine[][] = targets.map(() => []);
  const flush = () => {
    if (batch.every((lines) => lines.length === 0)) return;
    const items = interleave(batch);
    batch = targets.map(() => []);
    ctx.progress({ message: `${items.length} new line${items.length === 1 ? '' : 's'}`, items });
  };
  const timer = setInterval(flush, 250);
  ctx.progress({
    message: `Following ${targets.length} pod${targets.length === 1 ? '' : 's'} for up to ${request.followSeconds} s`,
  });
  try {
    const outcomes = await Promise.allSettled(
      targets.map(({ pod, container }, index) =>
        readPodLog(
          kube,
          query(namespace, pod, container, request),
          request.grep,
          (line) => {
            perPod[index]!.push(line);
            batch[index]!.push(line);
          },
          stop,
        ),
      ),
    );
    flush();
    return result(namespace, targets, request, perPod, outcomes);
  } finally {
    clearInterval(timer);
  }
}

function query(namespace: string, pod: V1Pod, container: string, request: Input) {
  return {
    namespace,
    pod: pod.metadata!.name!,
    container,
    tail: request.tail,
    sinceSeconds: request.since ? durationSeconds(request.since) : undefined,
    sinceTime: request.sinceTime,
    previous: request.previous,
    follow: request.follow,
  };
}

function result(
  namespace: string,
  targets: { pod: V1Pod; container: string }[],
  request: Input,
  perPod: RecentLines[],
  outcomes: PromiseSettledResult<PodLogTally>[],
): LogsResult {
  const errors = outcomes.flatMap((outcome, index) =>
    outcome.status === 'rejected'
      ? [{ pod: targets[index]!.pod.metadata!.name!, reason: outcome.reason as unknown }]
      : [],
  );
  // One pod's failure is a note in the answer; every pod failing is the answer.
  if (errors.length === targets.length && errors.length > 0) throw errors[0]!.reason;
  const tallies = outcomes.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  );
  const kept = tallies.reduce((sum, tally) => sum + tally.kept, 0);
  const lines = interleave(perPod.map((recent) => recent.lines())).slice(-request.maxLines);
  return {
    namespace,
    pod: request.pod ?? null,
    selector: request.selector ?? null,
    pods: targets.map(({ pod, container }) => ({ pod: pod.metadata!.name!, container })),
    lines,
    scanned: tallies.reduce((sum, tally) => sum + tally.scanned, 0),
    kept,
    truncated: kept > lines.length,
    errors: errors.map(({ pod, reason }) => ({ pod, message: messageOf(reason) })),
  };
}

function containerOf(pod: V1Pod, named: string | undefined): string {
  if (!named) return defaultContainer(pod);
  const names = pod.spec?.containers.map((container) => container.name) ?? [];
  if (names.includes(named)) return named;
  throw new ActionError(
    'not_found',
    `Pod ${pod.metadata?.name} has no container "${named}"; its containers: ${names.join(', ')}.`,
  );
}

function messageOf(reason: unknown): string {
  if (reason instanceof Error) {
    const body = (reason as { body?: unknown }).body;
    if (typeof body === 'string') {
      try {
        return (JSON.parse(body) as { message?: string }).message ?? reason.message;
      } catch {
        return body.slice(0, 300);
      }
    }
    return reason.message;
  }
  return String(reason);
}

export default defineAction({
  id: 'kubernetes.pods.logs',
  title: 'Read pod logs',
  summary:
    'Log lines of one pod or of every pod a label selector matches, interleaved by time and tagged with the pod; tail, since, previous, follow, and a grep filter with -i, -v, -A and -B.',
  risk: 'read',
  input,
  run,
});
