import { z } from 'zod';
import { parseQuantity } from './quantity.ts';

/** Inputs shared by the Kubernetes actions, validated as the API server would, before any call. */

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const namespaceSchema = z
  .string()
  .trim()
  .max(63, 'a namespace has at most 63 characters')
  .regex(RFC1123_LABEL, 'a namespace is lower-case letters, digits and -, e.g. wms')
  .describe('Namespace; leave empty for the configured one (e.g. wms)');

/** Names of pods, deployments, services and secrets: RFC 1123 subdomains. */
export const objectNameSchema = (what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `enter the ${what} name`)
    .max(253, `a ${what} name has at most 253 characters`)
    .regex(
      RFC1123_SUBDOMAIN,
      `a ${what} name is lower-case letters, digits, - and . (RFC 1123), e.g. ${example}`,
    )
    .describe(`${capitalise(what)} name, e.g. ${example}`);

export const podNameSchema = objectNameSchema('pod', 'orchestrator-worker-7d9f8b6c5-x2x9k');
export const deploymentNameSchema = objectNameSchema('deployment', 'orchestrator-worker');

const containerName = z
  .string()
  .trim()
  .min(1, 'enter the container name')
  .max(63, 'a container name has at most 63 characters')
  .regex(RFC1123_LABEL, 'a container name is lower-case letters, digits and -');

export const containerNameSchema = containerName.describe(
  'Container name; leave empty for the pod’s default container',
);

export const requiredContainerNameSchema = containerName.describe(
  'Container name, e.g. orchestrator-worker',
);

// One requirement of a label selector, as kubectl accepts it: key, !key, key=value, key==value,
// key!=value, key in (a,b), key notin (a,b). Keys may carry a DNS prefix (app.kubernetes.io/name).
const labelKey = String.raw`(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?`;
const labelValue = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?`;
const requirement = new RegExp(
  String.raw`^(?:!\s*${labelKey}|${labelKey}\s*(?:(?:==?|!=)\s*${labelValue}|\s+(?:in|notin)\s*\(\s*${labelValue}(?:\s*,\s*${labelValue})*\s*\))?)$`,
);

/** Splits at the commas between requirements, not those inside `in (a,b)`. */
function requirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts;
}

export const labelSelectorSchema = z
  .string()
  .trim()
  .min(1, 'enter a label selector, e.g. app=orchestrator-worker')
  .max(1000)
  .refine((selector) => requirements(selector).every((part) => requirement.test(part)), {
    message:
      'not a label selector: use key=value, key!=value, key in (a,b), key notin (a,b), key or !key, separated by commas',
  })
  .describe('Label selector, e.g. app=orchestrator-worker');

/** A resource quantity as Kubernetes writes it: 500m, 2, 1.5, 512Mi, 4Gi, 1e3. */
export const quantitySchema = (what: 'cpu' | 'memory') =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const amount = parseQuantity(value);
      if (amount === undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            what === 'cpu'
              ? 'a CPU quantity is cores or millicores, e.g. 2, 1.5 or 2000m'
              : 'a memory quantity is bytes with a unit, e.g. 512Mi, 4Gi or 2G',
        });
      } else if (amount <= 0) ctx.addIssue({ code: 'custom', message: 'must be more than 0' });
    })
    .describe(what === 'cpu' ? 'CPU, e.g. 2000m or 2' : 'Memory, e.g. 4Gi');

/** `90s`, `5m`, `1h`, `2h30m`, as kubectl's --since takes them. */
export const durationSchema = z
  .string()
  .trim()
  .regex(/^(\d+h)?(\d+m)?(\d+s)?$/, 'a duration is like 30s, 5m, 1h or 1h30m')
  .refine((value) => value !== '' && durationSeconds(value) > 0, 'a duration is more than 0s')
  .describe('How far back, e.g. 5m or 1h');

export function durationSeconds(duration: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (!match) return 0;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/** How long an action may wait on the cluster (rollouts, restarts). */
export const timeoutSecondsSchema = (defaultSeconds: number, maxSeconds: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(maxSeconds, `at most ${maxSeconds} s`)
    .default(defaultSeconds)
    .describe(`How long to wait, in seconds (default ${defaultSeconds}, at most ${maxSeconds})`);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `kubectl -A`: every namespace, for reads; policy lets only grants narrowed to no namespace use it. */
export const allNamespacesSchema = z
  .boolean()
  .default(false)
  .describe('Every namespace (kubectl -A); needs a grant not narrowed to namespaces');

/** `--field-selector`, as kubectl passes it on: key=value / key!=value pairs, comma-separated. */
export const fieldSelectorSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(
    /^[\w.-]+!?==?[\w.:/-]*(,[\w.-]+!?==?[\w.:/-]*)*$/,
    'a field selector is key=value or key!=value pairs separated by commas, e.g. status.phase=Running',
  )
  .describe('Field selector, e.g. status.phase=Running or involvedObject.name=orchestrator-worker');

/** The object checks shared by list actions that take `allNamespaces`: a name or a namespace with it is refused, as kubectl does. */
export function notWithAllNamespaces(value: {
  allNamespaces: boolean;
  namespace?: string | undefined;
  name?: string | undefined;
}): boolean {
  return !(value.allNamespaces && (value.namespace || value.name));
}

// Functions, not shared objects: zod takes the message out of the options object it is given.
export const ALL_NAMESPACES_CONFLICT = () => ({
  message:
    'allNamespaces reads every namespace: leave namespace and name empty, or turn allNamespaces off',
  path: ['allNamespaces'],
});

/** kubectl: "name cannot be provided when a selector is specified". */
export function notNameAndSelector(value: {
  name?: string | undefined;
  selector?: string | undefined;
}): boolean {
  return !(value.name && value.selector);
}

export const NAME_AND_SELECTOR_CONFLICT = () => ({
  message: 'give a name or a selector, not both (kubectl refuses a name with a selector too)',
  path: ['selector'],
});

/** The input of `kubectl get KIND [NAME] [-l SELECTOR] [--field-selector F] [-n NS | -A]`, for one kind. */
export function getInputSchema(kind: string, example: string) {
  return z
    .strictObject({
      namespace: namespaceSchema.optional(),
      allNamespaces: allNamespacesSchema,
      name: objectNameSchema(kind, example)
        .optional()
        .describe(`Only this ${kind} (kubectl get ${kind.toLowerCase()} NAME); empty for all`),
      selector: labelSelectorSchema.optional(),
      fieldSelector: fieldSelectorSchema.optional(),
    })
    .refine(notWithAllNamespaces, ALL_NAMESPACES_CONFLICT())
    .refine(notNameAndSelector, NAME_AND_SELECTOR_CONFLICT())
    .refine((value) => !(value.name && value.fieldSelector), {
      message: 'give a name or a field selector, not both',
      path: ['fieldSelector'],
    });
}
