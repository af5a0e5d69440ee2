import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WES_DB } from '../../sandbox/mongo/wes-db.ts';
import type { startMain } from '../support/main-process.ts';
import { api, startWithTargets, tokenIdentity } from './attack.ts';

/**
 * Scoped grants (issue 12, low): a grant narrowed to Kubernetes namespaces still covered all of
 * Temporal and MongoDB. Now a grant with any scope covers only the systems it names, Temporal by
 * namespace and MongoDB by database, and a refusal says which scope was missing.
 */
const { namespace } = inject('temporal');
let runsheet: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  runsheet = await startWithTargets({
    identity: tokenIdentity({
      'kube@example.com': [{ role: 'admin', kubernetesNamespaces: ['wms'] }],
      'temporal@example.com': [{ role: 'viewer', temporalNamespaces: [namespace] }],
      'billing@example.com': [{ role: 'admin', temporalNamespaces: ['billing'] }],
      'wes@example.com': [{ role: 'viewer', mongoDatabases: [WES_DB] }],
    }),
  });
});
afterAll(() => runsheet?.stop());

const count = { action: 'temporal.workflow.count', input: {} };
const collStats = (database: string) => ({
  action: 'mongo.collStats',
  input: { database, collection: 'task_routes' },
});
const ping = { action: 'mongo.ping', input: {} };

/** The run as that person: its answer's status and, when refused, the reason given. */
async function run(person: string, body: unknown) {
  const { status, body: answer } = await api(runsheet.url, person, '/api/runs', body);
  return {
    status,
    refusal: answer.error?.code === 'permission_denied' ? answer.error.message : null,
  };
}

const refused = (message: string) => ({ status: 403, refusal: message });
const ran = { status: 200, refusal: null };

describe('a grant narrowed to Kubernetes namespaces', () => {
  it('covers no Temporal namespace and no MongoDB database, even as admin', async () => {
    expect(await run('kube@example.com', count)).toEqual(
      refused(
        `kube@example.com may run read actions in staging, but not in the temporal namespace ${namespace}.`,
      ),
    );
    expect(await run('kube@example.com', collStats(WES_DB))).toEqual(
      refused(
        `kube@example.com may run read actions in staging, but not in the mongo database ${WES_DB}.`,
      ),
    );
    expect(await run('kube@example.com', ping)).toEqual(
      refused(
        'kube@example.com may run read actions in staging, but not server-wide mongo actions, which need a grant for all of mongo.',
      ),
    );
  });
});

describe('a grant narrowed to Temporal namespaces', () => {
  it('covers the namespaces it lists', async () => {
    expect(await run('temporal@example.com', count)).toEqual(ran);
  });

  it('covers no other namespace, whatever the role', async () => {
    expect(await run('billing@example.com', count)).toEqual(
      refused(
        `billing@example.com may run read actions in staging, but not in the temporal namespace ${namespace}.`,
      ),
    );
  });

  it('covers no MongoDB database', async () => {
    expect(await run('temporal@example.com', collStats(WES_DB))).toEqual(
      refused(
        `temporal@example.com may run read actions in staging, but not in the mongo database ${WES_DB}.`,
      ),
    );
  });
});

describe('a grant narrowed to MongoDB databases', () => {
  it('covers the databases it lists', async () => {
    expect(await run('wes@example.com', collStats(WES_DB))).toEqual(ran);
  });

  it('covers no other database, and no server-wide action', async () => {
    expect(await run('wes@example.com', collStats('billing'))).toEqual(
      refused(
        'wes@example.com may run read actions in staging, but not in the mongo database billing.',
      ),
    );
    expect(await run('wes@example.com', ping)).toEqual(
      refused(
        'wes@example.com may run read actions in staging, but not server-wide mongo actions, which need a grant for all of mongo.',
      ),
    );
  });

  it('covers no Temporal namespace', async () => {
    expect(await run('wes@example.com', count)).toEqual(
      refused(
        `wes@example.com may run read actions in staging, but not in the temporal namespace ${namespace}.`,
      ),
    );
  });
});
