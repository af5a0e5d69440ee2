import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actions } from '../../../../../server/actions/registry.ts';
import { parseBlock } from '../../../../../server/steps/commands/block.ts';
import { parseCommand } from '../../../../../server/steps/commands/parse.ts';

const seed = readFileSync(
  new URL(
    // The seed runbooks exactly as the team wrote them (a copy of shared/seed, kept unchanged).
    '../../../../fixtures/operational-runbooks.md',
    import.meta.url,
  ),
  'utf8',
);
const blocks = [...seed.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('the seed runbooks, line by line', () => {
  const steps = blocks.flatMap((block) => parseBlock(block));

  it('turns almost every seed command into an action whose input validates', () => {
    const runnable = steps.filter((step) => step.parsed.runnable);
    expect(steps.length).toBeGreaterThan(50);
    expect(runnable.length / steps.length).toBeGreaterThanOrEqual(0.9);
    for (const { parsed } of runnable) {
      if (!parsed.runnable) continue;
      const action = actions.find((candidate) => candidate.id === parsed.action)!;
      expect(action, parsed.command).toBeDefined();
      // Placeholders are filled later: only the shape of what the line fixed is checked here.
      const fixed = JSON.parse(JSON.stringify(parsed.input).replace(/\{(\w+)\}/g, 'x')) as unknown;
      const result = action.input.safeParse(fixed);
      expect(
        result.success,
        `${parsed.command} → ${JSON.stringify(parsed.input)}: ${JSON.stringify(result.error?.issues)}`,
      ).toBe(true);
    }
  });

  it('says why each line it cannot run stays copy-only', () => {
    const copyOnly = steps.filter((step) => !step.parsed.runnable);
    expect(copyOnly.map((step) => (step.parsed.runnable ? '' : step.parsed.reason))).toEqual(
      copyOnly.map(() => expect.stringMatching(/^Copy-only: .+\.$/)),
    );
  });
});

describe.each([
  [
    'temporal workflow show --workflow-id order-fulfillment-ORD-12345 | grep -A5 "PendingActivities\\|SignalRequested"',
    {
      action: 'temporal.workflow.history',
      input: { workflowId: 'order-fulfillment-ORD-12345' },
      filters: [
        {
          kind: 'grep',
          pattern: 'PendingActivities|SignalRequested',
          ignoreCase: false,
          invert: false,
          after: 5,
          before: 0,
        },
      ],
    },
  ],
  [
    `temporal workflow signal --workflow-id planning-ORD-12345 --name waveAssigned --input '{"waveId":"WAVE-001","scheduledStart":"2026-01-04T10:00:00Z"}'`,
    {
      action: 'temporal.workflow.signal',
      input: {
        workflowId: 'planning-ORD-12345',
        signalName: 'waveAssigned',
        input: { waveId: 'WAVE-001', scheduledStart: '2026-01-04T10:00:00Z' },
      },
    },
  ],
  [
    'temporal workflow terminate --workflow-id order-fulfillment-ORD-12345 --reason "Stuck workflow - manual restart required"',
    { action: 'temporal.workflow.terminate', reason: 'Stuck workflow - manual restart required' },
  ],
  [
    'kubectl logs -l app=orchestrator-worker --since=1h | grep -A10 "ORD-12345.*error\\|ORD-12345.*failed"',
    {
      action: 'kubernetes.pods.logs',
      input: {
        selector: 'app=orchestrator-worker',
        since: '1h',
        grep: {
          pattern: 'ORD-12345.*error|ORD-12345.*failed',
          ignoreCase: false,
          invert: false,
          after: 10,
          before: 0,
        },
      },
      filters: [],
    },
  ],
  [
    'kubectl describe pod <pod-name> | grep -A20 Events',
    {
      action: 'kubernetes.pod.events',
      input: { pod: '{podName}' },
      params: ['podName'],
      filters: [],
    },
  ],
  [
    'kubectl describe pod <pod-name>',
    {
      action: 'kubernetes.pod.describe',
      input: { name: '{podName}' },
      params: ['podName'],
      filters: [],
    },
  ],
  [
    'kubectl scale deployment/orchestrator-worker --replicas=5',
    { action: 'kubernetes.deployment.scale', input: { name: 'orchestrator-worker', replicas: 5 } },
  ],
  [
    'kubectl exec -it <worker-pod> -- wget -O- temporal-frontend:7233/health',
    {
      action: 'kubernetes.connectivity.check',
      input: { service: 'temporal-frontend', port: 7233, protocol: 'http', path: '/health' },
    },
  ],
  [
    `kubectl exec -it <mongodb-pod> -- mongo --eval "db.currentOp({'secs_running': {\\$gte: 10}})"`,
    { action: 'mongo.currentOp', input: { minSecondsRunning: 10 } },
  ],
  [
    'kubectl exec -it <mongodb-pod> -- mongo wes_db --eval "db.task_routes.createIndex({status: 1, createdAt: -1})"',
    {
      action: 'mongo.createIndex',
      input: { database: 'wes_db', collection: 'task_routes', keys: { status: 1, createdAt: -1 } },
    },
  ],
  [
    `kubectl logs -l app=orchestrator-worker --tail=500 | grep "Activity completed" | awk '{print $(NF-1), $NF}' | sort -k2 -n | tail -20`,
    {
      action: 'kubernetes.pods.logs',
      filters: [
        { kind: 'fields', fields: ['$(NF-1)', '$NF'] },
        { kind: 'sort', key: 2, numeric: true, reverse: false },
        { kind: 'tail', lines: 20 },
      ],
    },
  ],
])('%s', (line, expected) => {
  it('maps to the same action and arguments', () => {
    expect(parseCommand(line)).toMatchObject({ runnable: true, ...expected });
  });
});

describe('what the seed writes around its commands', () => {
  it('offers `> file` as a download instead of writing a file', () => {
    expect(
      parseCommand('kubectl logs <failed-pod-name> --previous > /tmp/failed-deployment-logs.txt'),
    ).toMatchObject({
      runnable: true,
      action: 'kubernetes.pods.logs',
      input: { pod: '{failedPodName}', previous: true },
      params: ['failedPodName'],
      download: 'failed-deployment-logs.txt',
    });
  });

  it('turns the bulk-terminate loop into one capped batch action with its reason', () => {
    const [step] = parseBlock(
      [
        '# Terminate all running workflows (DANGEROUS - use with caution)',
        `temporal workflow list --query 'ExecutionStatus="Running"' \\`,
        "    | awk '{print $1}' \\",
        '    | head -100 \\',
        '    | while read wfid; do',
        '        temporal workflow terminate --workflow-id $wfid \\',
        '            --reason "Emergency stop: [incident-456]"',
        '    done',
      ].join('\n'),
    );
    expect(step).toMatchObject({
      label: 'Terminate all running workflows (DANGEROUS - use with caution)',
      parsed: {
        runnable: true,
        action: 'temporal.batch.terminate',
        input: { query: 'ExecutionStatus="Running"', cap: 100 },
        reason: 'Emergency stop: [incident-456]',
      },
    });
  });

  it('turns the history-size loop into one bounded scan', () => {
    const [step] = parseBlock(
      [
        `temporal workflow list --query 'WorkflowType="ReprocessingOrchestrationWorkflow"' \\`,
        '    | while read wfid; do',
        '        events=$(temporal workflow show --workflow-id $wfid | grep "Total Events" | awk \'{print $3}\')',
        '        if [ "$events" -gt 40000 ]; then',
        '            echo "$wfid: $events events (WARNING)"',
        '        fi',
        '    done',
      ].join('\n'),
    );
    expect(step!.parsed).toMatchObject({
      action: 'temporal.workflow.historyScan',
      input: { workflowType: 'ReprocessingOrchestrationWorkflow', threshold: 40_000 },
    });
  });
});

describe('what stays copy-only', () => {
  it.each([
    ['kubectl edit deployment orchestrator-worker', /setResources/],
    ['kubectl apply -f - < deployment.yaml', /redirects/],
    ['temporal workflow terminate --workflow-id $(cat id)', /runs a command inside/],
    ['rm -rf / ; kubectl get pods', /not a temporal, kubectl or mongo command|chains/],
    ['kubectl get pods | xargs kubectl delete pod', /not a filter/],
    // Found by the shell oracle: a shell runs both, and the second in the background.
    ['kubectl delete pod a & kubectl delete pod b', /in the background/],
    ['kubectl get pods (wms)', /subshell/],
    ['kubectl scale deployment/orchestrator-worker --replicas=N', /replicas is not a number/],
    [
      "temporal workflow signal --workflow-id <ID> --name <signal> --input '{...}'",
      /leaves input out/,
    ],
  ])('%s', (line, reason) => {
    const parsed = parseCommand(line);
    expect(parsed.runnable).toBe(false);
    if (!parsed.runnable) expect(parsed.reason).toMatch(reason);
  });
});

it('keeps a placeholder where a number goes, for the page to fill', () => {
  expect(
    parseCommand('kubectl scale deployment/orchestrator-worker --replicas=<replicas>'),
  ).toMatchObject({
    runnable: true,
    input: { name: 'orchestrator-worker', replicas: '{replicas}' },
    params: ['replicas'],
  });
});

describe('arbitrary input', () => {
  const alphabet =
    'temporal kubectl mongo workflow show signal logs -l --name "\'|\\$(){}<>;&=:/ \n\t0123456789abcxyz';
  it('never throws, and never yields an action of a system the line did not name', () => {
    let seedValue = 42;
    const random = () => (seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(random() * 80);
      const line = Array.from(
        { length },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const parsed = parseCommand(line);
      if (parsed.runnable) {
        const system = parsed.action.split('.')[0]!;
        const named = { temporal: 'temporal', kubernetes: 'kubectl', mongo: 'mongo' }[system]!;
        expect(line, line).toContain(named);
      }
    }
  });
});
