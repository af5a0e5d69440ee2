/**
 * Runsheet's kubernetes.pods.logs with a grep filter against the seed's own pipeline,
 * `kubectl logs -l app=orchestrator-worker | grep …`, on the same test cluster, over the same pods.
 *   node bench/kubernetes-logs.ts [pods=5] [lines=20000]
 * Prints each median time and the ratio (kubectl ÷ Runsheet); the target is ≥ 1 (no slower).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { criLog, workerLogLines } from '../sandbox/kubernetes/fixture-logs.ts';
import { deployment } from '../sandbox/kubernetes/fixtures.ts';
import { kubectlFor } from '../sandbox/kubernetes/access.ts';
import { startKubernetes } from '../test/stack/servers.ts';
import { testApp } from '../test/support/app.ts';
import { printTable, timed } from './report.ts';

const pods = Number(process.argv[2] ?? 5);
const lines = Number(process.argv[3] ?? 20_000);
const ROUNDS = 5;
const NAMESPACE = 'bench';
const PATTERN = 'ORD-12345.*error|connection pool';

const cluster = await startKubernetes();
const kubectl = kubectlFor(cluster.binaries, cluster.kubeconfig);
const runsheet = testApp({
  kubernetes: { kubeconfig: cluster.kubeconfig, namespace: NAMESPACE },
});

/** `pods` worker pods, each with its own log of `lines` lines over the last two hours. */
async function workers(): Promise<string[]> {
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
        deployment('orchestrator-worker', NAMESPACE, { replicas: pods }),
      ],
    }),
  );
  await kubectl([
    'wait',
    '--for=condition=Available',
    '--timeout=120s',
    '-n',
    NAMESPACE,
    'deployment/orchestrator-worker',
  ]);
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  const list = await kc
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=orchestrator-worker' });
  const names = list.items.map((pod) => pod.metadata!.name!);
  const now = Date.now();
  const logs = names.map((name, index) => {
    const file = join(cluster.dir, `${name}.log`);
    const base = workerLogLines(60);
    const text = Array.from({ length: lines }, (_, i) => base[(i + index * 7) % base.length]!);
    writeFileSync(file, criLog(text, now - 2 * 3600_000, now - 1_000));
    return {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name, namespace: NAMESPACE },
      spec: { logs: [{ containers: ['orchestrator-worker'], logsFile: file }] },
    };
  });
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: logs }),
  );
  // kwok serves them once its watch has seen the Logs resources.
  for (const name of names) {
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await kubectl(['logs', '-n', NAMESPACE, name])).split('\n').length - 1 === lines)
          break;
      } catch {
        // Not yet: no log configured for the pod.
      }
      if (attempt > 100) throw new Error(`kwok does not serve the log of ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return names;
}

/** The runbook's pipeline, as a shell runs it. Returns the number of lines grep printed. */
function pipeline(): number {
  const result = spawnSync(
    'bash',
    [
      '-c',
      `"$KUBECTL" --kubeconfig "$KUBECONFIG" logs -n ${NAMESPACE} -l app=orchestrator-worker --tail=-1 --prefix --max-log-requests=${Math.max(pods, 5)} | grep -E "$PATTERN" | wc -l`,
    ],
    {
      env: {
        ...process.env,
        KUBECTL: cluster.binaries.kubectl,
        KUBECONFIG: cluster.kubeconfig,
        PATTERN,
      },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`kubectl | grep failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

async function action(): Promise<number> {
  const { status, body } = await runsheet.run<{ kept: number; scanned: number }>({
    action: 'kubernetes.pods.logs',
    input: { selector: 'app=orchestrator-worker', grep: { pattern: PATTERN }, maxLines: 50_000 },
  });
  if (status !== 200)
    throw new Error(`kubernetes.pods.logs answered ${status}: ${JSON.stringify(body.error)}`);
  if (body.result!.scanned !== pods * lines) {
    throw new Error(`read ${body.result!.scanned} lines, expected ${pods * lines}`);
  }
  return body.result!.kept;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const names = await workers();
  // Both must find the same lines; a warm-up round each, then alternate.
  const [found, grepped] = [await action(), pipeline()];
  if (found !== grepped) throw new Error(`Runsheet kept ${found} lines, grep printed ${grepped}`);
  const baseline: number[] = [];
  const candidate: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(await timed(pipeline));
    candidate.push(await timed(action));
  }
  printTable(
    `Pod logs with a grep filter: ${names.length} pods × ${lines.toLocaleString('en')} lines, ${found} matching (median of ${ROUNDS}; kubectl ${cluster.binaries.kubectl})`,
    [
      {
        name: `kubectl logs -l … --tail=-1 | grep -E "${PATTERN}" vs kubernetes.pods.logs`,
        baseline: median(baseline),
        candidate: median(candidate),
      },
    ],
  );
} finally {
  await runsheet.close();
  await cluster.stop();
}
