import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../../support/app.ts';
import { kubernetesConfig } from '../../../../support/kubernetes.ts';

const choices = async (app: ReturnType<typeof testApp>['app'], query = '') => {
  const response = await app.request(`/api/choices/pods${query}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /api/choices/pods: the picker behind <pod-name> parameters', () => {
  const runsheet = testApp({ kubernetes: kubernetesConfig() });
  afterAll(() => runsheet.close());

  it('offers the pods there are, with their state, and leaves no run in the trail', async () => {
    const { status, body } = await choices(runsheet.app, '?selector=app%3Dorchestrator-worker');
    expect(status).toBe(200);
    expect(body['choices']).toEqual([
      {
        value: expect.stringMatching(/^orchestrator-worker-/),
        note: 'Running · 1/1 ready · 1 restarts',
      },
      expect.objectContaining({ value: expect.stringMatching(/^orchestrator-worker-/) }),
    ]);
    expect(await runsheet.audit.list({ limit: 10 })).toEqual([]);
  });

  it('says what to fix for a bad selector', async () => {
    const { status, body } = await choices(runsheet.app, '?selector=app%3D%3Bdrop');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('answers only those who may list pods', async () => {
    const readOnly = testApp({
      kubernetes: kubernetesConfig(),
      policy: { disabledActions: ['kubernetes.pods.list'] },
    });
    try {
      const { status, body } = await choices(readOnly.app);
      expect(status).toBe(403);
      expect(body).toMatchObject({ error: { code: 'permission_denied' } });
    } finally {
      await readOnly.close();
    }
  });
});
