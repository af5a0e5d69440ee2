import { honour, refuse, type FlagRule, type VerbTable } from './flag-table.ts';

const SERVER =
  'Runsheet acts on the Temporal it is configured with (RUNSHEET_TEMPORAL_ADDRESS, RUNSHEET_TEMPORAL_NAMESPACE): drop it from the line';
const SHOWN = 'the step shows the result its own way: drop it to run the line';
const BATCH = 'batch options are Runsheet’s own (preview, cap, progress): drop it';

/** Flags every `temporal` command takes, before or after `workflow`. */
const GLOBAL: Record<string, FlagRule> = {
  '--namespace': refuse(SERVER),
  '--address': refuse(SERVER),
  '--env': refuse(SERVER),
  '--env-file': refuse(SERVER),
  '--api-key': refuse(SERVER),
  '--tls': refuse(SERVER, 'bare'),
  '--tls-ca-path': refuse(SERVER),
  '--tls-cert-path': refuse(SERVER),
  '--tls-key-path': refuse(SERVER),
  '--tls-server-name': refuse(SERVER),
  '--grpc-meta': refuse(SERVER),
  '--codec-endpoint': refuse(SERVER),
  '--codec-auth': refuse(SERVER),
  '--identity': refuse('Runsheet records who ran the step as the identity'),
  '--output': refuse(SHOWN),
  '--time-format': refuse(SHOWN),
  '--color': refuse(SHOWN),
  '--no-json-shorthand-payloads': refuse(SHOWN, 'bare'),
  '--command-timeout': refuse(
    'Runsheet has its own deadline per call (RUNSHEET_TEMPORAL_RPC_TIMEOUT_MS)',
  ),
  '--log-level': honour(),
  '--log-format': honour(),
};
const GLOBAL_ALIASES = { '-n': '--namespace', '-o': '--output' };

const EXECUTION: Record<string, FlagRule> = { '--workflow-id': honour(), '--run-id': honour() };
const EXECUTION_ALIASES = { '-w': '--workflow-id', '-r': '--run-id' };
const INPUTS: Record<string, FlagRule> = {
  '--input': honour('list'),
  '--input-file': refuse('Runsheet reads no files: put the JSON in --input'),
  '--input-meta': refuse('Runsheet sends JSON payloads only'),
  '--input-base64': refuse('Runsheet sends JSON payloads only', 'bare'),
  '--headers': refuse('Runsheet sends no workflow headers'),
};
const QUERY_BATCH: Record<string, FlagRule> = {
  '--query': honour(),
  '--reason': honour(),
  '--yes': honour('bare'),
  '--rps': refuse(BATCH),
};

const table = (
  flags: Record<string, FlagRule>,
  aliases: Record<string, string> = {},
): VerbTable => ({
  flags: { ...GLOBAL, ...flags },
  aliases: {
    ...GLOBAL_ALIASES,
    ...EXECUTION_ALIASES,
    '-q': '--query',
    '-i': '--input',
    '-y': '--yes',
    ...aliases,
  },
});

const START: Record<string, FlagRule> = {
  '--task-queue': honour(),
  '--type': honour(),
  '--workflow-id': honour(),
  ...INPUTS,
  '--start-signal': honour(),
  '--start-signal-input': honour('list'),
  ...Object.fromEntries(
    [
      '--cron',
      '--execution-timeout',
      '--run-timeout',
      '--task-timeout',
      '--id-reuse-policy',
      '--id-conflict-policy',
      '--memo',
      '--search-attribute',
      '--start-delay',
      '--static-summary',
      '--static-details',
      '--priority-key',
      '--fairness-key',
      '--fairness-weight',
    ].map((flag) => [
      flag,
      refuse('the start action does not set it: start without it, or not from a runbook'),
    ]),
  ),
  '--fail-existing': refuse('the start action always fails if the workflow is running', 'bare'),
};

export const TEMPORAL: Record<string, VerbTable> = {
  show: table(
    {
      ...EXECUTION,
      '--output': honour(),
      '--detailed': refuse(SHOWN, 'bare'),
      '--follow': refuse('the history step reads once; run it again to refresh', 'bare'),
      '--reverse': refuse(SHOWN, 'bare'),
    },
    { '-f': '--follow' },
  ),
  describe: table({
    ...EXECUTION,
    '--raw': honour('bare'),
    '--reset-points': refuse(
      'the describe step shows the whole description, not only reset points',
      'bare',
    ),
  }),
  query: table({
    ...EXECUTION,
    ...INPUTS,
    '--name': honour(),
    '--type': honour(),
    '--query-type': honour(),
    '--reject-condition': refuse('the query action does not reject by workflow state'),
  }),
  stack: table({
    ...EXECUTION,
    '--input': honour('list'),
    '--reject-condition': refuse('the query action does not reject by workflow state'),
  }),
  list: table({
    '--query': honour(),
    '--limit': honour(),
    '--archived': refuse('Runsheet lists open and closed workflows, not the archive', 'bare'),
    '--page-size': refuse('the list action pages by itself'),
  }),
  count: table({ '--query': honour() }),
  signal: table({ ...EXECUTION, ...INPUTS, '--name': honour(), ...QUERY_BATCH }),
  cancel: table({
    ...EXECUTION,
    ...QUERY_BATCH,
    '--headers': refuse('Runsheet sends no workflow headers'),
  }),
  terminate: table({
    ...EXECUTION,
    ...QUERY_BATCH,
    '--headers': refuse('Runsheet sends no workflow headers'),
  }),
  start: table(START, { '-t': '--task-queue' }),
  result: table({ ...EXECUTION }),
  reset: table(
    {
      ...EXECUTION,
      '--type': honour(),
      '--event-id': honour(),
      '--reason': honour(),
      '--query': refuse('batch resets are not a Runsheet action: reset one workflow by id'),
      '--reapply-type': refuse('the reset action reapplies signals as Temporal does by default'),
      '--reapply-exclude': refuse('the reset action reapplies signals as Temporal does by default'),
      '--build-id': refuse('the reset action resets to a workflow task or an event id'),
      '--yes': honour('bare'),
      '--rps': refuse(BATCH),
    },
    { '-t': '--type', '-e': '--event-id' },
  ),
};
