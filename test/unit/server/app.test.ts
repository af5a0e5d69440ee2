import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../../support/app.ts';

// Requests that fail before any target is touched: the Temporal address here has no server behind it.
const runsheet = testApp({ temporal: { address: '127.0.0.1:9', connectTimeoutMs: 200 } });
afterAll(() => runsheet.close());

describe('the API refuses bad requests with one error shape', () => {
  it('explains a body that is not JSON', async () => {
    const response = await runsheet.app.request('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"action": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 'invalid_body',
        message: 'The request body is not valid JSON.',
        hint: 'Send {"action": "<action id>", "input": {…}} with Content-Type: application/json.',
      },
    });
  });

  it('asks for JSON when the body is sent as something else', async () => {
    const response = await runsheet.app.request('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<run action="temporal.workflow.describe"/>',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('refuses a form post from another site (CSRF)', async () => {
    const response = await runsheet.app.request('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: '{"action": "temporal.workflow.terminate"}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'permission_denied',
        message: 'Refused: the request did not come from a Runsheet page.',
      },
    });
  });

  it('explains a body of the wrong shape, naming the field', async () => {
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.describe',
      inputs: {},
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'invalid_body',
      message: 'Invalid run request: Unrecognized key: "inputs"',
    });
  });

  it('names an unknown action and says where the list is', async () => {
    const { status, body } = await runsheet.run({ action: 'temporal.workflow.explode', input: {} });
    expect(status).toBe(404);
    expect(body.error).toEqual({
      code: 'unknown_action',
      message: 'There is no action "temporal.workflow.explode".',
      hint: 'GET /api/actions lists every action id.',
    });
  });

  it('names each invalid input field', async () => {
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.describe',
      input: { workflowId: '  ', runId: 'latest' },
    });
    expect(status).toBe(400);
    expect(body.error?.code).toBe('invalid_input');
    expect(body.error?.message).toBe(
      'Invalid input for temporal.workflow.describe: workflowId: enter a workflow ID; runId: a run ID is a UUID, e.g. 3b1c7e5e-8a3d-4f5e-9c1d-2a6b8e0f4d21',
    );
  });

  it('says a required input is required', async () => {
    const { body } = await runsheet.run({ action: 'temporal.workflow.describe', input: {} });
    expect(body.error?.message).toBe(
      'Invalid input for temporal.workflow.describe: workflowId: required',
    );
  });

  it('refuses an oversized body', async () => {
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.describe',
      input: { workflowId: 'x'.repeat(300 * 1024) },
    });
    expect(status).toBe(400);
    expect(body.error?.message).toBe('The request body is over 256 KiB.');
  });

  it('answers unknown API routes with JSON, not a page', async () => {
    const response = await runsheet.app.request('/api/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('lists the catalogue with each input as JSON Schema', async () => {
    const response = await runsheet.app.request('/api/actions');
    const { actions } = (await response.json()) as {
      actions: { id: string; risk: string; input: object }[];
    };
    expect(actions).toContainEqual(
      expect.objectContaining({
        id: 'temporal.workflow.describe',
        risk: 'read',
        input: expect.objectContaining({ type: 'object', required: ['workflowId'] }),
      }),
    );
  });

  it('answers liveness without touching any target', async () => {
    const response = await runsheet.app.request('/api/health');
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
