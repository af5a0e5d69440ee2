import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LogsResult } from '../../../../../server/actions/kubernetes/pods-logs.ts';
import { criLog } from '../../../../../sandbox/kubernetes/fixture-logs.ts';
import { testApp } from '../../../../support/app.ts';
import { runStreaming } from '../../../../support/sse.ts';
import {
  adminClients,
  eventually,
  freshWmsNamespace,
  kubectl,
  kubernetesConfig,
} from '../../../../support/kubernetes.ts';

const { namespace } = inject('kubernetes');
const runsheet = testApp({ kubernetes: kubernetesConfig() });
afterAll(() => runsheet.close());

const readLogs = (input: Record<string, unknown>) =>
  runsheet.run<LogsResult>({ action: 'kubernetes.pods.logs', input });

async function podsOf(app: string, ns = namespace): Promise<string[]> {
  const { core } = adminClients();
  const list = await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` });
  return list.items.map((pod) => pod.metadata!.name!).sort();
}

describe('kubernetes.pods.logs against a real API server (kwok serves the container logs)', () => {
  it('greps the logs of every worker pod for an order, tagging each line with its pod', async () => {
    const workers = await podsOf('orchestrator-worker');
    const { status, body } = await readLogs({
      selector: 'app=orchestrator-worker',
      grep: { pattern: 'ORD-12345.*error\\|ORD-12345.*failed' },
    });

    expect(status).toBe(200);
    const result = body.result!;
    expect(result.pods.map((p) => p.pod)).toEqual(workers);
    expect(result.pods.every((p) => p.container === 'orchestrator-worker')).toBe(true);
    // Each pod logged the two lines; they come back from both pods, by time.
    expect(result.lines.map((line) => line.text)).toEqual([
      expect.stringContaining('ORD-12345 activity ReserveInventory error: InsufficientInventory'),
      expect.stringContaining('ORD-12345 activity ReserveInventory error: InsufficientInventory'),
      expect.stringContaining('ORD-12345 workflow task failed'),
      expect.stringContaining('ORD-12345 workflow task failed'),
    ]);
    expect(new Set(result.lines.map((line) => line.pod))).toEqual(new Set(workers));
    expect(result.lines.every((line) => Date.parse(line.time!) > 0)).toBe(true);
    expect(result.scanned).toBeGreaterThan(100);
    expect(result.kept).toBe(4);
  });

  it('keeps -A context after a panic, marked as context', async () => {
    const [pod] = await podsOf('orchestrator-worker');
    const { body } = await readLogs({ pod, grep: { pattern: 'panic|runtime error', after: 3 } });
    expect(body.result!.lines.map((line) => [line.text, line.context ?? false])).toEqual([
      ['panic: runtime error: invalid memory address or nil pointer dereference', false],
      ['[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5f2c]', true],
      ['goroutine 112 [running]:', true],
      [expect.stringContaining('(*Picking).CreatePickTask'), true],
    ]);
  });

  it('applies -i, -v and -B like grep', async () => {
    const [pod] = await podsOf('orchestrator-worker');
    const inverted = await readLogs({
      pod,
      grep: { pattern: 'info|debug|activity', ignoreCase: true, invert: true },
    });
    const texts = inverted.body.result!.lines.map((line) => line.text);
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.some((text) => /info|debug/i.test(text))).toBe(false);
    expect(texts).toContain(
      'WARN  mongo connection pool exhausted: 100/100 connections in use, waited 2000ms',
    );

    const before = await readLogs({ pod, grep: { pattern: 'workflow task failed', before: 2 } });
    expect(before.body.result!.lines.map((line) => line.text)).toEqual([
      expect.stringContaining('InsufficientInventory'),
      expect.stringContaining('retrying ReserveInventory'),
      expect.stringContaining('workflow task failed'),
    ]);
  });

  it('reads the last lines of each pod with tail, and recent ones with since', async () => {
    const workers = await podsOf('orchestrator-worker');
    const tail = await readLogs({ selector: 'app=orchestrator-worker', tail: 3 });
    expect(tail.body.result!.lines).toHaveLength(3 * workers.length);
    expect(tail.body.result!.lines.at(-1)!.text).toBe('INFO  worker restarted by supervisor');

    const all = await readLogs({ pod: workers[0] });
    // The fixture spreads ~60 lines over the 80 minutes before the cluster started, which may be
    // a while ago in a long run: reach back 10 minutes before its newest line.
    const newest = Math.max(...all.body.result!.lines.map((line) => Date.parse(line.time!)));
    const seconds = Math.ceil((Date.now() - newest) / 1000) + 600;
    const recent = await readLogs({ pod: workers[0], since: `${seconds}s` });
    const lines = recent.body.result!.lines;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(all.body.result!.lines.length / 2);
    const windowStart = Date.now() - seconds * 1000 - 5_000;
    expect(lines.every((line) => Date.parse(line.time!) >= windowStart)).toBe(true);
  });

  it('reads the previous container’s log, where a crash is explained', async () => {
    const [pod] = await podsOf('orchestrator-worker');
    const { status, body } = await readLogs({ pod, previous: true });
    expect(status).toBe(200);
    expect(body.result!.lines.at(-1)!.text).toBe('fatal error: runtime: out of memory');
  });

  it('returns the most recent lines when there are more than maxLines, and says so', async () => {
    const { body } = await readLogs({ selector: 'app=orchestrator-worker', maxLines: 5 });
    expect(body.result!.lines).toHaveLength(5);
    expect(body.result!.truncated).toBe(true);
    expect(body.result!.lines.at(-1)!.text).toBe('INFO  worker restarted by supervisor');
  });

  it('says plainly when no pod matches or the pod does not exist', async () => {
    const none = await readLogs({ selector: 'app=no-such-app' });
    expect(none.status).toBe(404);
    expect(none.body.error!.message).toBe(
      `No pods match the selector app=no-such-app in namespace ${namespace}.`,
    );
    const gone = await readLogs({ pod: 'orchestrator-worker-gone' });
    expect(gone.status).toBe(404);
    expect(gone.body.error!.message).toBe('Pod "orchestrator-worker-gone" was not found.');
    const noContainer = await readLogs({ selector: 'app=mongodb', container: 'sidecar' });
    expect(noContainer.status).toBe(404);
    expect(noContainer.body.error!.message).toMatch(
      /has no container "sidecar"; its containers: mongodb\.$/,
    );
  });

  it('refuses a pod and a selector together, and since with sinceTime', async () => {
    const both = await readLogs({ pod: 'a', selector: 'app=b' });
    expect(both.status).toBe(400);
    expect(both.body.error!.message).toContain('name a pod or give a label selector (one of them)');
  });
});

describe('kubernetes.pods.logs across pods with logs of their own', () => {
  let fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
  let workers: string[];
  let files: string[];

  beforeAll(async () => {
    fixtures = await freshWmsNamespace('logs');
    workers = await podsOf('orchestrator-worker', fixtures.namespace);
    // Each worker pod gets its own log, the two alternating in time.
    const start = Date.now() - 60_000;
    files = workers.map((pod, index) => {
      const file = join(fixtures.logDir, `${pod}.log`);
      const lines = Array.from({ length: 5 }, (_, i) => `${pod} line ${i}`);
      writeFileSync(file, criLog(lines, start + index * 1_000, start + index * 1_000 + 40_000));
      return file;
    });
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: workers.map((pod, index) => ({
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind: 'Logs',
          metadata: { name: pod, namespace: fixtures.namespace },
          spec: {
            logs: [{ containers: ['orchestrator-worker'], logsFile: files[index], follow: true }],
          },
        })),
      }),
    );
    // kwok picks the Logs resources up from its watch.
    await eventually(
      async () => (await readLogsIn(fixtures.namespace, { pod: workers[0] })).lines[0]?.text,
      (text) => text === `${workers[0]} line 0`,
      { what: 'kwok serving the Logs resources' },
    );
  });
  afterAll(() => fixtures?.remove());

  const readLogsIn = async (ns: string, input: Record<string, unknown>) =>
    (await readLogs({ namespace: ns, ...input })).body.result!;

  it('interleaves the pods’ lines by time, each tagged with its pod', async () => {
    const result = await readLogsIn(fixtures.namespace, { selector: 'app=orchestrator-worker' });
    const [a, b] = workers as [string, string];
    expect(result.lines.map((line) => `${line.pod}: ${line.text}`)).toEqual(
      [0, 1, 2, 3, 4].flatMap((i) => [`${a}: ${a} line ${i}`, `${b}: ${b} line ${i}`]),
    );
  });

  it('follows new lines as they are written, streamed as server-sent events', async () => {
    const writer = setInterval(() => {
      const now = Date.now();
      workers.forEach((pod, index) =>
        appendFileSync(
          files[index]!,
          criLog([`${pod} order shipped at ${now}`, `${pod} noise`], now, now + 1),
        ),
      );
    }, 1_000);
    const events = await runStreaming(runsheet.app, {
      action: 'kubernetes.pods.logs',
      input: {
        namespace: fixtures.namespace,
        selector: 'app=orchestrator-worker',
        tail: 0,
        follow: true,
        followSeconds: 6,
        grep: { pattern: 'shipped' },
      },
    }).finally(() => clearInterval(writer));

    const progressed = events
      .filter((event) => event.event === 'progress')
      .flatMap((event) => (event.data as { items?: { pod: string; text: string }[] }).items ?? []);
    expect(progressed.length).toBeGreaterThanOrEqual(2 * workers.length);
    expect(new Set(progressed.map((line) => line.pod))).toEqual(new Set(workers));
    expect(progressed.every((line) => line.text.startsWith(`${line.pod} order shipped`))).toBe(
      true,
    );
    const final = events.at(-1)!;
    expect(final.event).toBe('result');
    expect((final.data as { result: LogsResult }).result.lines.length).toBe(progressed.length);
  });
});
