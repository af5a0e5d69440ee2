import { describe, expect, it } from 'vitest';
import { parseBlock } from '../../../../../server/steps/commands/block.ts';
import { parseCommand } from '../../../../../server/steps/commands/parse.ts';

const refused = (line: string) => {
  const parsed = parseCommand(line);
  expect(parsed.runnable, line).toBe(false);
  return parsed.runnable ? '' : parsed.reason;
};
const mapped = (line: string) => {
  const parsed = parseCommand(line);
  if (!parsed.runnable) throw new Error(`${line}: ${parsed.reason}`);
  return { action: parsed.action, input: parsed.input };
};

describe('a line runs only as the CLI would run it', () => {
  it('never makes the change a --dry-run line only previews', () => {
    // The step shows the preview only (dry-run.test.ts follows it through to the page and gate).
    expect(parseCommand('kubectl delete pod foo --dry-run=client')).toMatchObject({
      action: 'kubernetes.pod.restart',
      previewOnly: true,
    });
    expect(
      parseCommand('kubectl scale deployment foo --replicas=2 --dry-run=server'),
    ).toMatchObject({ action: 'kubernetes.deployment.scale', previewOnly: true });
  });

  it('refuses a scope other than the configured one', () => {
    expect(refused('temporal workflow terminate -w X -n staging')).toMatch(/`-n`.*configured/);
    expect(refused('temporal workflow signal --namespace other -w X --name go')).toMatch(
      /configured/,
    );
    expect(refused('temporal --address prod:7233 workflow describe -w X')).toMatch(/configured/);
    expect(refused('kubectl get pods --context prod')).toMatch(/cluster it is configured with/);
    expect(refused('kubectl get pods --kubeconfig ~/.kube/other')).toMatch(/configured/);
    expect(mapped('kubectl get pods -A').input).toEqual({ allNamespaces: true });
    expect(refused('kubectl top pod -A')).toMatch(/one namespace/);
    expect(refused('kubectl get svc -A')).toMatch(/services.list takes no -A/);
    expect(mapped('kubectl -n wms get pods').input).toEqual({ namespace: 'wms' });
  });

  it('reads TYPE NAME and TYPE/NAME, and checks the kind', () => {
    expect(mapped('kubectl scale deploy <deployment> --replicas=2')).toEqual({
      action: 'kubernetes.deployment.scale',
      input: { name: '{deployment}', replicas: 2 },
    });
    expect(mapped('kubectl scale deployment foo --replicas=3').input).toEqual({
      name: 'foo',
      replicas: 3,
    });
    expect(refused('kubectl rollout undo daemonset fluentd')).toMatch(
      /daemonset.*deployments only/,
    );
    expect(refused('kubectl scale --replicas=3 -f foo.yaml')).toMatch(/-f/);
    expect(refused('kubectl scale --replicas=3 rs/foo')).toMatch(/replicaset/);
    expect(refused('kubectl scale --replicas=5 rc/foo rc/bar')).toMatch(/one object/);
    expect(refused('kubectl logs deploy/orchestrator-worker')).toMatch(/-l/);
  });

  it('refuses a flag it cannot honour, naming it', () => {
    expect(refused('kubectl delete pod foo --grace-period=0')).toMatch(/`--grace-period`/);
    expect(mapped('kubectl get pods --field-selector=status.phase=Running').input).toEqual({
      fieldSelector: 'status.phase=Running',
    });
    expect(refused('kubectl get svc --field-selector=metadata.name=x')).toMatch(/--field-selector/);
    expect(refused('kubectl get deploy/x --subresource=scale')).toMatch(/--subresource/);
    expect(refused('kubectl logs -f -l app=x --all-containers')).toMatch(/--all-containers/);
    expect(refused('temporal workflow list --archived')).toMatch(/--archived/);
    expect(refused('temporal workflow start -t q --type T -w w1 --cron "* * * * *"')).toMatch(
      /--cron/,
    );
    expect(refused(`temporal workflow signal -w w1 --name go --input '1' --input '2'`)).toMatch(
      /one --input/,
    );
    expect(refused('temporal workflow show -w w1 --headers a=1 --headers b=2')).toMatch(
      /--headers/,
    );
  });

  it('reads kubectl events, get pod NAME, a pod’s events and -l’s default tail', () => {
    expect(mapped('kubectl events --types=warning -n wms')).toEqual({
      action: 'kubernetes.events.list',
      input: { namespace: 'wms', types: ['Warning'] },
    });
    expect(refused('kubectl events --types=Error')).toMatch(/Normal and Warning/);
    expect(mapped('kubectl get pod my-pod').input).toEqual({ name: 'my-pod' });
    expect(mapped('kubectl describe pods my-pod')).toEqual({
      action: 'kubernetes.pod.describe',
      input: { name: 'my-pod' },
    });
    expect(mapped('kubectl describe pod my-pod | grep -A20 Events')).toEqual({
      action: 'kubernetes.pod.events',
      input: { pod: 'my-pod' },
    });
    expect(mapped('kubectl logs -l app=x').input).toEqual({ selector: 'app=x', tail: 10 });
    expect(mapped('kubectl logs -l app=x --tail=-1').input).toEqual({ selector: 'app=x' });
    expect(mapped('kubectl -n $NAMESPACE logs $POD -c $CONTAINER').input).toEqual({
      namespace: '{NAMESPACE}',
      pod: '{POD}',
      container: '{CONTAINER}',
    });
    expect(mapped('kubectl logs ${POD_NAME}').input).toEqual({ pod: '{podName}' });
  });

  it('reads quotes as the shell does: literal in single quotes, substituted in double quotes', () => {
    expect(mapped(`temporal workflow describe -w 'a'\\''||b'`).input).toEqual({
      workflowId: "a'||b",
    });
    expect(refused('temporal workflow describe -w "$(whoami)"')).toMatch(/inside the command/);
  });

  it('honours what the flags say', () => {
    expect(mapped('kubectl logs my-pod -c sidecar --previous').input).toEqual({
      pod: 'my-pod',
      container: 'sidecar',
      previous: true,
    });
    expect(mapped('kubectl logs my-pod sidecar').input).toEqual({
      pod: 'my-pod',
      container: 'sidecar',
    });
    expect(mapped('kubectl rollout status -w deployment/frontend --timeout=5m').input).toEqual({
      name: 'frontend',
      timeoutSeconds: 300,
    });
  });

  it('reads temporal’s grammar: global flags first, --query as a batch, legacy names', () => {
    expect(mapped('temporal --log-level warn workflow describe -w w1').action).toBe(
      'temporal.workflow.describe',
    );
    expect(mapped(`temporal workflow terminate --query 'WorkflowType="X"' --reason stop`)).toEqual({
      action: 'temporal.batch.terminate',
      input: { query: 'WorkflowType="X"' },
    });
    expect(mapped('temporal workflow query -w w1 --type getStatus').input).toEqual({
      workflowId: 'w1',
      queryType: 'getStatus',
    });
    expect(mapped('temporal workflow query -w w1 --name getStatus').input).toEqual({
      workflowId: 'w1',
      queryType: 'getStatus',
    });
    expect(mapped('temporal workflow stack -w w1').input).toEqual({
      workflowId: 'w1',
      queryType: '__stack_trace',
    });
    expect(mapped('temporal workflow reset -w w1 --type FirstWorkflowTask').input).toEqual({
      workflowId: 'w1',
      to: 'firstWorkflowTask',
    });
    expect(mapped('temporal workflow reset -w w1 --event-id 12').input).toEqual({
      workflowId: 'w1',
      to: 'eventId',
      eventId: 12,
    });
    expect(refused('temporal workflow start -t q --type T')).toMatch(/--workflow-id/);
  });
});

describe('the block reader reads a block as a shell would', () => {
  const lines = (text: string) =>
    parseBlock(text).map(({ parsed }) => [parsed.command, parsed.runnable]);

  it('keeps a heredoc’s body as data, never a step', () => {
    const steps = parseBlock(`cat << 'EOF' > x.sh\nkubectl delete pod foo\nEOF\nkubectl get pods`);
    expect(steps).toHaveLength(2);
    expect(steps[0]!.parsed.runnable).toBe(false);
    expect(steps[0]!.parsed.command).toContain('kubectl delete pod foo');
    expect(steps[1]!.parsed.runnable).toBe(true);
  });

  it('reads $ prompts and leaves the output lines out', () => {
    expect(lines('$ kubectl get pods\nNAME   READY\nweb-1  1/1\n$ kubectl get svc')).toEqual([
      ['kubectl get pods', true],
      ['kubectl get svc', true],
    ]);
  });

  it('ends a line at its comment, even one with an apostrophe', () => {
    expect(lines("kubectl get pods # don't panic")).toEqual([['kubectl get pods', true]]);
    expect(lines('kubectl logs p1 | grep "#42"')[0]![1]).toBe(true);
  });

  it('continues a quote across lines', () => {
    const [step] = parseBlock(`temporal workflow signal -w w1 --name go --input '{\n  "a": 1\n}'`);
    expect(step!.parsed.runnable && step!.parsed.input).toEqual({
      workflowId: 'w1',
      signalName: 'go',
      input: { a: 1 },
    });
  });
});
