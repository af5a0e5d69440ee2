import { honour, refuse, type FlagRule, type VerbTable } from './flag-table.ts';

/** kubectl's short resource names and plurals, to the kind they name. */
export const KINDS: Record<string, string> = Object.fromEntries(
  Object.entries({
    pod: ['po', 'pod', 'pods'],
    deployment: ['deploy', 'deployment', 'deployments', 'deployment.apps', 'deployments.apps'],
    service: ['svc', 'service', 'services'],
    secret: ['secret', 'secrets'],
    event: ['ev', 'event', 'events'],
    replicaset: ['rs', 'replicaset', 'replicasets'],
    statefulset: ['sts', 'statefulset', 'statefulsets'],
    node: ['no', 'node', 'nodes'],
    daemonset: ['ds', 'daemonset', 'daemonsets'],
    replicationcontroller: ['rc', 'replicationcontroller', 'replicationcontrollers'],
    configmap: ['cm', 'configmap', 'configmaps'],
    job: ['job', 'jobs'],
    cronjob: ['cj', 'cronjob', 'cronjobs'],
    namespace: ['ns', 'namespace', 'namespaces'],
  }).flatMap(([kind, names]) => names.map((name) => [name, kind])),
);

const CLUSTER =
  'Runsheet acts on the cluster it is configured with (RUNSHEET_KUBE_CONFIG, RUNSHEET_KUBE_CONTEXT): drop it from the line';
const ONE_NAMESPACE = 'this step acts in one namespace: give -n NAMESPACE instead';
/** `--dry-run` on a verb that only reads (kubectl has no such flag there). */
const READS =
  'this line only reads, so there is nothing to preview: drop --dry-run to run it (kubectl refuses it too)';
const TABLE = 'the step shows its own table: drop it to run the line';

/** Flags every kubectl verb takes. */
const GLOBAL: Record<string, FlagRule> = {
  '--namespace': honour(),
  '--all-namespaces': refuse(ONE_NAMESPACE, 'bare'),
  '--context': refuse(CLUSTER),
  '--kubeconfig': refuse(CLUSTER),
  '--cluster': refuse(CLUSTER),
  '--user': refuse(CLUSTER),
  '--server': refuse(CLUSTER),
  '--token': refuse(CLUSTER),
  '--as': refuse(CLUSTER),
  '--as-group': refuse(CLUSTER),
  '--request-timeout': refuse(
    'Runsheet has its own deadline per request (RUNSHEET_KUBE_REQUEST_TIMEOUT_MS)',
  ),
  '--dry-run': refuse(READS, 'inline'),
};
/**
 * A verb that changes something: `--dry-run`, `--dry-run=client|server` makes the step preview
 * only (kubectl.ts reads the value); `--dry-run=none` is a normal run.
 */
const DRY_RUN = { '--dry-run': honour('inline') };
const GLOBAL_ALIASES = { '-n': '--namespace', '-A': '--all-namespaces', '-s': '--server' };

/** `get` of a list: what the listing honours, and what it cannot show as kubectl would. */
const LISTING: Record<string, FlagRule> = {
  '--selector': honour(),
  // Passed on to the API server, as kubectl does: it reads every namespace or filters by field.
  '--all-namespaces': honour('bare'),
  '--field-selector': honour(),
  '--output': refuse(TABLE),
  '--watch': refuse('the step reads once; run it again to refresh', 'bare'),
  '--sort-by': refuse('sort the step’s table by clicking its column headers'),
  '--show-labels': refuse(TABLE, 'bare'),
  '--no-headers': refuse(TABLE, 'bare'),
  '--label-columns': refuse(TABLE),
  '--chunk-size': refuse(TABLE),
  // Read through /status, an object is the same object: kubectl prints the same columns.
  '--subresource': honour(),
};

const table = (
  flags: Record<string, FlagRule>,
  aliases: Record<string, string> = {},
): VerbTable => ({
  flags: { ...GLOBAL, ...flags },
  aliases: { ...GLOBAL_ALIASES, '-l': '--selector', '-o': '--output', ...aliases },
});

export const KUBECTL: Record<string, VerbTable> = {
  get: table(LISTING, { '-w': '--watch', '-L': '--label-columns' }),
  events: table(
    {
      '--all-namespaces': honour('bare'),
      '--for': honour(),
      '--types': honour('list'),
      '--output': refuse(TABLE),
      '--watch': refuse('the step reads once; run it again to refresh', 'bare'),
      '--no-headers': refuse(TABLE, 'bare'),
      '--chunk-size': refuse(TABLE),
      '--allow-missing-template-keys': refuse(TABLE, 'bare'),
      '--show-managed-fields': refuse(TABLE, 'bare'),
      '--template': refuse(TABLE),
    },
    { '-w': '--watch' },
  ),
  'get secret': table({ '--output': honour() }),
  describe: table({
    '--selector': refuse('describe one object by name'),
    '--show-events': refuse(TABLE),
  }),
  logs: table(
    {
      '--container': honour(),
      '--tail': honour(),
      '--since': honour(),
      '--since-time': honour(),
      '--previous': honour('bare'),
      '--follow': honour('bare'),
      '--selector': honour(),
      '--all-containers': refuse('the log action reads one container: give -c CONTAINER', 'bare'),
      '--timestamps': refuse('the step shows each line’s own text; drop --timestamps', 'bare'),
      '--prefix': refuse('the step marks each pod by colour; drop --prefix', 'bare'),
      '--limit-bytes': refuse('give --tail LINES instead'),
      '--max-log-requests': refuse('Runsheet reads a bounded number of pods itself'),
      '--ignore-errors': refuse('the step reports the pods it could not read', 'bare'),
      '--pod-running-timeout': refuse('drop it: the step reads the pods as they are'),
      '--insecure-skip-tls-verify-backend': refuse(CLUSTER, 'bare'),
    },
    { '-c': '--container', '-p': '--previous', '-f': '--follow' },
  ),
  top: table({
    '--selector': honour(),
    '--containers': refuse('the step shows usage per pod, not per container', 'bare'),
    '--sort-by': refuse('sort the step’s table by clicking its column headers'),
    '--no-headers': refuse(TABLE, 'bare'),
    '--use-protocol-buffers': honour('bare'),
    '--sum': refuse(TABLE, 'bare'),
  }),
  scale: table(
    {
      '--replicas': honour(),
      '--current-replicas': refuse(
        'the scale action does not check the current count first: drop it',
      ),
      '--resource-version': refuse('the scale action does not take a resource version'),
      '--filename': refuse('name the deployment: kubectl scale deployment NAME'),
      '--timeout': refuse('the scale action does not wait: follow it with kubectl rollout status'),
      '--all': refuse('scale one deployment by name', 'bare'),
      '--selector': refuse('scale one deployment by name'),
      '--record': refuse('Runsheet records every change in its audit trail', 'bare'),
      ...DRY_RUN,
    },
    { '-f': '--filename' },
  ),
  'rollout undo': table(
    { '--to-revision': honour(), '--filename': refuse('name the deployment'), ...DRY_RUN },
    { '-f': '--filename' },
  ),
  'rollout status': table(
    {
      '--watch': honour('bare'),
      '--timeout': honour(),
      '--revision': refuse('the rollout status action follows the latest revision'),
      '--filename': refuse('name the deployment'),
    },
    { '-w': '--watch', '-f': '--filename' },
  ),
  'rollout history': table(
    { '--revision': honour(), '--filename': refuse('name the deployment') },
    { '-f': '--filename' },
  ),
  'rollout restart': table(
    {
      '--filename': refuse('name the deployment'),
      '--selector': refuse('restart one deployment by name'),
      '--dry-run': refuse(
        'kubectl rollout restart has no --dry-run (kubectl refuses the line): drop it, and the step shows what the restart does before you confirm it',
        'inline',
      ),
    },
    { '-f': '--filename' },
  ),
  delete: table(
    {
      '--now': refuse(
        'the restart action deletes with the pod’s own grace period: drop --now',
        'bare',
      ),
      '--grace-period': refuse('the restart action deletes with the pod’s own grace period'),
      '--force': refuse('the restart action never force-deletes', 'bare'),
      '--wait': refuse('the restart action always waits for the replacement to be ready'),
      '--filename': refuse('name the pod: kubectl delete pod NAME'),
      '--all': refuse('delete one pod by name', 'bare'),
      '--selector': refuse('delete one pod by name'),
      '--cascade': refuse('the restart action deletes one pod'),
      '--ignore-not-found': refuse('the restart action reports a pod that is not there', 'bare'),
      ...DRY_RUN,
    },
    { '-f': '--filename' },
  ),
  exec: table(
    {
      '--stdin': honour('bare'),
      '--tty': honour('bare'),
      '--container': refuse('the probe runs from the backend, not in a container'),
    },
    { '-i': '--stdin', '-t': '--tty', '-it': '--stdin', '-ti': '--stdin', '-c': '--container' },
  ),
};
