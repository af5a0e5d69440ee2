import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBareApiserver } from '../../../../sandbox/kubernetes/cluster.ts';
import { testApp } from '../../../support/app.ts';
import { testCluster } from '../../../support/kubernetes.ts';

interface ReadyBody {
  ready: boolean;
  targets: { name: string; ok: boolean; address?: string; error?: string }[];
}

describe('the Kubernetes API server going away while Runsheet runs', () => {
  let apiserver: Awaited<ReturnType<typeof startBareApiserver>>;
  let runsheet: ReturnType<typeof testApp>;
  beforeAll(async () => {
    // An API server of this test's own, so stopping it leaves the shared one for other tests.
    apiserver = await startBareApiserver(testCluster());
    runsheet = testApp({
      kubernetes: {
        kubeconfig: apiserver.kubeconfig,
        namespace: 'default',
        requestTimeoutMs: 5_000,
      },
    });
  });
  afterAll(async () => {
    await runsheet?.close();
    await apiserver?.stop();
  });

  it('answers 503 target_unreachable with a hint, audits the run as failed, and /api/ready says so', async () => {
    const step = { action: 'kubernetes.pods.list', input: {} };
    expect((await runsheet.run(step)).status).toBe(200);
    expect((await runsheet.app.request('/api/ready')).status).toBe(200);

    await apiserver.stop();
    const { status, body } = await runsheet.run(step);
    expect(status).toBe(503);
    expect(body.error).toEqual({
      code: 'target_unreachable',
      message: expect.stringMatching(
        new RegExp(`^The Kubernetes API server at ${apiserver.server} is unreachable: `),
      ),
      hint: 'Check that the API server is running and that the kubeconfig (RUNSHEET_KUBE_CONFIG / RUNSHEET_KUBE_CONTEXT) points at it.',
    });

    const [finished] = await runsheet.audit.list({
      action: step.action,
      outcome: 'failed',
      limit: 1,
    });
    expect(finished).toMatchObject({
      kind: 'finished',
      outcome: 'failed',
      error: { code: 'target_unreachable', message: body.error!.message },
    });

    const ready = await runsheet.app.request('/api/ready');
    expect(ready.status).toBe(503);
    const { targets } = (await ready.json()) as ReadyBody;
    expect(targets.find((check) => check.name === 'kubernetes')).toMatchObject({
      ok: false,
      address: apiserver.server,
    });
  });
});
