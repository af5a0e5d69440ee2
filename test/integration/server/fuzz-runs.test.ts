import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { actions, describeAction } from '../../../server/actions/registry.ts';
import { testApp } from '../../support/app.ts';
import { acceptedValues, minimalInput } from '../../support/hostile.ts';
import { kubernetesConfig } from '../../support/kubernetes.ts';
import { mongoSettings } from '../../support/mongo.ts';

// Random bodies against the real test servers. `confirm` is never `true`, so no write runs: the
// fuzzing reaches validation, policy, the audit trail and the previews, which only read.
const runsheet = testApp({
  temporal: inject('temporal'),
  mongo: mongoSettings(),
  kubernetes: kubernetesConfig(),
  policy: { writeRunsPerMinute: 1_000_000 },
});
afterAll(() => runsheet.close());

const statuses = new Map<number, number>();

/** POSTs one body; a run that would wait long (a log follow, a rollout) is cancelled after 10 s. */
async function post(body: string) {
  const response = await runsheet.app.request('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const answer = (await response.json()) as { error?: { code?: string; message?: string } };
  return { status: response.status, answer };
}

/** What every answer must be: anything but a 500, and a refusal always says what went wrong. */
function expectHandled(body: string, { status, answer }: Awaited<ReturnType<typeof post>>) {
  expect({ body: body.slice(0, 500), status }).not.toMatchObject({ status: 500 });
  if (status >= 400) {
    expect(answer.error?.code, body.slice(0, 500)).toBeTruthy();
    expect(answer.error?.message, body.slice(0, 500)).toBeTruthy();
  }
}

const inputKeys = (actionId: string) =>
  Object.keys(
    (
      describeAction(actions.find((action) => action.id === actionId)!).input as {
        properties?: object;
      }
    ).properties ?? {},
  );

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    ...Object.values(acceptedValues),
    '$gt',
    '; rm -rf /',
    '../..',
    ')',
    '\u0000',
    '',
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
);

/**
 * An input for one action, mostly close to one it accepts so the fuzzing gets past validation to
 * the targets: its minimal input with one or a few of its own inputs changed at random; sometimes
 * unknown keys, sometimes not an object at all.
 */
const input = (actionId: string) => {
  const keys = inputKeys(actionId);
  const ownKey = keys.length ? fc.constantFrom(...keys) : fc.string({ maxLength: 12 });
  const anyKey = fc.oneof({ weight: 5, arbitrary: ownKey }, fc.string({ maxLength: 12 }));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(ownKey, value)
        .map(([key, random]) => ({ ...minimalInput(actionId), [key]: random })),
    },
    {
      weight: 3,
      arbitrary: fc
        .dictionary(anyKey, value, { maxKeys: 3 })
        .map((random) => ({ ...minimalInput(actionId), ...random })),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
};

/** A run request for a random action: mostly a well-formed envelope, sometimes a strange one. */
const runBody = fc.constantFrom(...actions.map((action) => action.id)).chain((actionId) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          action: fc.constant(actionId),
          input: input(actionId),
          confirm: fc.constant(false),
          reason: fc.string({ minLength: 1, maxLength: 50 }),
          page: fc.string({ maxLength: 40 }),
        },
        { requiredKeys: ['action', 'input'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          action: fc.oneof(fc.constant(actionId), fc.jsonValue({ maxDepth: 1 })),
          input: input(actionId),
          // Never `true`: anything else is either refused by the schema or asks for confirmation.
          confirm: fc.constantFrom(false, 'true', 1, null, 'yes'),
          reason: fc.oneof(
            fc.string({ maxLength: 50 }),
            fc.integer(),
            fc.string({ minLength: 1001, maxLength: 1100 }),
          ),
          approvalId: fc.string({ maxLength: 120 }),
          page: fc.string({ maxLength: 320 }),
          step: fc.jsonValue({ maxDepth: 1 }),
          extra: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: ['action'] },
      ),
    },
  ),
);

describe('POST /api/runs with random bodies', () => {
  it('never answers 500, whatever the body of a run request for any action', async () => {
    await fc.assert(
      fc.asyncProperty(runBody, async (body) => {
        const text = JSON.stringify(body);
        expectHandled(text, await post(text));
      }),
      { numRuns: 2000 },
    );
  }, 600_000);

  it('never answers 500 to bodies that are not run requests at all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((json) => JSON.stringify(json) ?? 'null'),
          fc.string({ unit: 'binary' }),
        ),
        async (text) => expectHandled(text, await post(text)),
      ),
      { numRuns: 200 },
    );
  }, 300_000);

  it('got past validation to the targets, so the targets’ answers were fuzzed too', () => {
    const reachedTargets = [...statuses].filter(([status]) => status !== 400);
    expect(reachedTargets.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThan(50);
  });
});
