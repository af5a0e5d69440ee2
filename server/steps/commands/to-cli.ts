/**
 * "Copy as CLI" for a step that has no runbook line (a `<Run>` component): the command line that
 * does what the action does with these arguments, in the form `parseCommand` reads back to the
 * same action and arguments (test/unit/server/steps/commands/round-trip.test.ts checks both ways).
 * An argument no CLI flag expresses (a log grep, a batch cap, a page token) gives null: no line
 * is better than one that does something else.
 */
import { KUBECTL } from './kubectl-flags.ts';

type Args = Record<string, unknown>;

/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
export function shellWord(value: string): string {
  if (/^[\w@%+=:,./{}-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const json = (value: unknown) => shellWord(JSON.stringify(value));

/** Builds `words` from the arguments it uses, or null if any other argument is given. */
function line(args: Args, used: string[], words: (string | false | undefined)[]): string | null {
  if (Object.keys(args).some((key) => !used.includes(key))) return null;
  return words.filter((word): word is string => typeof word === 'string').join(' ');
}

const has = (args: Args, key: string) => args[key] !== undefined;
const str = (args: Args, key: string) => String(args[key]);

/** `-n NS` / `-A`, kubectl's scope. */
const scope = (args: Args) => [
  has(args, 'namespace') && `-n ${shellWord(str(args, 'namespace'))}`,
  args['allNamespaces'] === true && '-A',
];
const SCOPE = ['namespace', 'allNamespaces'];

function kubectlGet(kind: string, args: Args): string | null {
  if (args['allNamespaces'] === false)
    return kubectlGet(kind, { ...args, allNamespaces: undefined });
  return line(
    args,
    [...SCOPE, 'name', 'selector', 'fieldSelector'],
    [
      'kubectl get',
      kind,
      has(args, 'name') && shellWord(str(args, 'name')),
      ...scope(args),
      has(args, 'selector') && `-l ${shellWord(str(args, 'selector'))}`,
      has(args, 'fieldSelector') && `--field-selector ${shellWord(str(args, 'fieldSelector'))}`,
    ],
  );
}

const onDeployment =
  (verb: string, extra: string[], flags: (args: Args) => (string | false)[]) => (args: Args) =>
    line(
      args,
      ['namespace', 'name', ...extra],
      [`kubectl ${verb} deployment`, shellWord(str(args, 'name')), ...scope(args), ...flags(args)],
    );

const KUBERNETES: Record<string, (args: Args) => string | null> = {
  'kubernetes.pods.list': (args) => kubectlGet('pods', args),
  'kubernetes.deployments.list': (args) => kubectlGet('deployments', args),
  'kubernetes.replicasets.list': (args) => kubectlGet('replicasets', args),
  'kubernetes.statefulsets.list': (args) => kubectlGet('statefulsets', args),
  'kubernetes.services.list': (args) => kubectlGet('services', args),
  'kubernetes.nodes.list': (args) => kubectlGet('nodes', args),
  'kubernetes.events.list': (args) => {
    const rest: Args = {
      ...args,
      ...(args['allNamespaces'] === false ? { allNamespaces: undefined } : {}),
    };
    const types = rest['types'] as string[] | undefined;
    return line(
      rest,
      [...SCOPE, 'for', 'types', 'fieldSelector'],
      [
        has(rest, 'fieldSelector') ? 'kubectl get events' : 'kubectl events',
        ...scope(rest),
        has(rest, 'for') && `--for ${shellWord(str(rest, 'for'))}`,
        types !== undefined && `--types ${types.join(',')}`,
        has(rest, 'fieldSelector') && `--field-selector ${shellWord(str(rest, 'fieldSelector'))}`,
      ],
    );
  },
  'kubernetes.pod.describe': (args) =>
    line(
      args,
      ['namespace', 'name'],
      ['kubectl describe pod', shellWord(str(args, 'name')), ...scope(args)],
    ),
  'kubernetes.deployment.describe': onDeployment('describe', [], () => []),
  'kubernetes.secret.describe': (args) =>
    line(
      args,
      ['namespace', 'name'],
      ['kubectl get secret', shellWord(str(args, 'name')), ...scope(args)],
    ),
  'kubernetes.pods.logs': (args) => {
    const rest = { ...args };
    for (const key of ['previous', 'follow'] as const) if (rest[key] === false) delete rest[key];
    const selected = has(rest, 'selector');
    return line(
      rest,
      [
        'namespace',
        'pod',
        'selector',
        'container',
        'tail',
        'since',
        'sinceTime',
        'previous',
        'follow',
      ],
      [
        'kubectl logs',
        selected ? `-l ${shellWord(str(rest, 'selector'))}` : shellWord(str(rest, 'pod')),
        ...scope(rest),
        has(rest, 'container') && `-c ${shellWord(str(rest, 'container'))}`,
        // With -l, kubectl's own default is 10 lines per pod: -1 says "all", as Runsheet reads.
        has(rest, 'tail') ? `--tail=${str(rest, 'tail')}` : selected && '--tail=-1',
        has(rest, 'since') && `--since=${shellWord(str(rest, 'since'))}`,
        has(rest, 'sinceTime') && `--since-time=${shellWord(str(rest, 'sinceTime'))}`,
        rest['previous'] === true && '--previous',
        rest['follow'] === true && '--follow',
      ],
    );
  },
  'kubernetes.pods.top': (args) =>
    line(
      args,
      ['namespace', 'pod', 'selector'],
      [
        'kubectl top pod',
        has(args, 'pod') && shellWord(str(args, 'pod')),
        ...scope(args),
        has(args, 'selector') && `-l ${shellWord(str(args, 'selector'))}`,
      ],
    ),
  'kubernetes.deployment.scale': onDeployment('scale', ['replicas'], (args) => [
    `--replicas=${str(args, 'replicas')}`,
  ]),
  'kubernetes.deployment.rollback': onDeployment('rollout undo', ['toRevision'], (args) => [
    has(args, 'toRevision') && `--to-revision=${str(args, 'toRevision')}`,
  ]),
  'kubernetes.deployment.rolloutStatus': onDeployment(
    'rollout status',
    ['timeoutSeconds'],
    (args) => [has(args, 'timeoutSeconds') && `--timeout=${str(args, 'timeoutSeconds')}s`],
  ),
  'kubernetes.deployment.history': onDeployment('rollout history', ['revision'], (args) => [
    has(args, 'revision') && `--revision=${str(args, 'revision')}`,
  ]),
  'kubernetes.deployment.restart': onDeployment('rollout restart', [], () => []),
  'kubernetes.pod.restart': (args) =>
    line(
      args,
      ['namespace', 'pod'],
      ['kubectl delete pod', shellWord(str(args, 'pod')), ...scope(args)],
    ),
};

/** `--workflow-id ID [--run-id RUN]`. */
const execution = (args: Args) => [
  `--workflow-id ${shellWord(str(args, 'workflowId'))}`,
  has(args, 'runId') && `--run-id ${shellWord(str(args, 'runId'))}`,
];
const EXECUTION = ['workflowId', 'runId'];
const workflow =
  (verb: string, extra: string[] = [], flags: (args: Args) => (string | false)[] = () => []) =>
  (args: Args) =>
    line(
      args,
      [...EXECUTION, ...extra],
      [`temporal workflow ${verb}`, ...execution(args), ...flags(args)],
    );
const batch =
  (verb: string, extra: string[] = [], flags: (args: Args) => (string | false)[] = () => []) =>
  (args: Args) =>
    line(
      args,
      ['query', ...extra],
      [`temporal workflow ${verb}`, `--query ${shellWord(str(args, 'query'))}`, ...flags(args)],
    );
const signalFlags = (args: Args) => [
  `--name ${shellWord(str(args, 'signalName'))}`,
  has(args, 'input') && `--input ${json(args['input'])}`,
];

const TEMPORAL: Record<string, (args: Args) => string | null> = {
  'temporal.workflow.describe': workflow('describe'),
  'temporal.workflow.result': workflow('result'),
  'temporal.workflow.cancel': workflow('cancel'),
  'temporal.workflow.terminate': workflow('terminate'),
  'temporal.workflow.history': (args) => {
    const { eventTypes, format, ...rest } = args;
    // No CLI flag keeps only some event types; --output json is the CLI's own JSON.
    if (Array.isArray(eventTypes) && eventTypes.length) return null;
    if (format !== undefined && format !== 'cli-json' && format !== 'events') return null;
    return workflow('show', ['format'], () => [format === 'cli-json' && '--output json'])(rest);
  },
  'temporal.workflow.query': workflow('query', ['queryType', 'args'], (args) => [
    `--name ${shellWord(str(args, 'queryType'))}`,
    ...((args['args'] as unknown[] | undefined) ?? []).map((value) => `--input ${json(value)}`),
  ]),
  'temporal.workflow.signal': workflow('signal', ['signalName', 'input'], signalFlags),
  'temporal.workflow.reset': workflow('reset', ['to', 'eventId'], (args) => [
    args['to'] === 'eventId'
      ? `--event-id ${str(args, 'eventId')}`
      : `--type ${args['to'] === 'firstWorkflowTask' ? 'FirstWorkflowTask' : 'LastWorkflowTask'}`,
  ]),
  'temporal.workflow.start': (args) =>
    line(
      args,
      ['taskQueue', 'workflowType', 'workflowId', 'input'],
      [
        'temporal workflow start',
        `--task-queue ${shellWord(str(args, 'taskQueue'))}`,
        `--type ${shellWord(str(args, 'workflowType'))}`,
        `--workflow-id ${shellWord(str(args, 'workflowId'))}`,
        has(args, 'input') && `--input ${json(args['input'])}`,
      ],
    ),
  'temporal.workflow.list': (args) =>
    line(
      args,
      ['query', 'limit'],
      [
        'temporal workflow list',
        has(args, 'query') && `--query ${shellWord(str(args, 'query'))}`,
        has(args, 'limit') && `--limit ${str(args, 'limit')}`,
      ],
    ),
  'temporal.workflow.count': (args) =>
    line(
      args,
      ['query'],
      ['temporal workflow count', has(args, 'query') && `--query ${shellWord(str(args, 'query'))}`],
    ),
  'temporal.batch.terminate': batch('terminate'),
  'temporal.batch.cancel': batch('cancel'),
  'temporal.batch.signal': batch('signal', ['signalName', 'input'], signalFlags),
};

/**
 * The CLI line for an action and its arguments, or null when no line does exactly that. A
 * preview-only step is its kubectl line with `--dry-run=server`, where the verb's flag table
 * honours it (kubectl's `rollout restart` has no --dry-run, so no line previews a restart).
 */
export function toCli(action: string, args: Args, previewOnly = false): string | null {
  if (!previewOnly) {
    const build = KUBERNETES[action] ?? TEMPORAL[action];
    return build ? build(args) : null;
  }
  const built = KUBERNETES[action]?.(args) ?? null;
  if (built === null) return null;
  const [, verb, sub] = built.split(' ');
  const table = KUBECTL[verb === 'rollout' ? `${verb} ${sub}` : verb!];
  const rule = table?.flags['--dry-run'];
  return rule && !rule.refused ? `${built} --dry-run=server` : null;
}
