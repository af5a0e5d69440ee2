/**
 * The three systems of the sandbox's WMS world, each described the same way: which program it runs,
 * how to find it (a variable, PATH, the cache), how to build it once when missing, and how to start
 * it with the world's data in it. world.ts runs them; the tests start the same programs.
 */
import { Client, Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { startWmsCluster } from '../kubernetes/wms-cluster.ts';
import {
  FERRETDB_VERSION,
  HOW_TO_GET_FERRETDB,
  ferretDbBinary,
  findFerretDb,
  startFerretDb,
} from '../mongo/ferretdb.ts';
import { seedWesDb } from '../mongo/wes-db.ts';
import type { BuildOptions } from '../programs/go-build.ts';
import {
  HOW_TO_GET_KUBERNETES,
  KUBERNETES_STACK_KEY,
  findKubernetesBinaries,
  kubernetesBinaries,
} from '../programs/kubernetes-build.ts';
import {
  HOW_TO_GET_TEMPORAL,
  TEMPORAL_CLI_VERSION,
  findTemporalCli,
  temporalCli,
} from '../programs/temporal-cli.ts';
import { seedAll } from '../scenarios.ts';
import { startSandbox } from '../sandbox.ts';

export type SandboxSystem = 'temporal' | 'kubernetes' | 'mongo';
export const SANDBOX_SYSTEMS: readonly SandboxSystem[] = ['temporal', 'kubernetes', 'mongo'];

/** How Runsheet reaches a started system: the same settings a user writes for a real one. */
export type SandboxConnection =
  | { system: 'temporal'; address: string; namespace: string }
  | {
      system: 'mongo';
      uri: string;
      username: string;
      password: string;
      authSource: string;
    }
  | { system: 'kubernetes'; kubeconfig: string; namespace: string };

export interface RunningSystem {
  connection: SandboxConnection;
  /** What it holds, for the terminal: e.g. the incidents' workflow ids. */
  summary: string;
  /** Puts the world's incidents back without a restart. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface SystemSpec {
  system: SandboxSystem;
  /** What is built or started, as the terminal and the banner name it. */
  program: string;
  /** How long a cold build takes on 2 cores (measured), for the progress estimate. */
  buildSeconds: number;
  /** What to do when it cannot be built here. */
  howToGet: string;
  find(options: { named?: string | undefined; cacheDir: string }): string | undefined;
  build(options: BuildOptions & { named?: string | undefined }): Promise<string>;
  start(program: string): Promise<RunningSystem>;
}

const temporal: SystemSpec = {
  system: 'temporal',
  program: `temporal CLI ${TEMPORAL_CLI_VERSION} (dev server)`,
  buildSeconds: 360,
  howToGet: HOW_TO_GET_TEMPORAL,
  find: findTemporalCli,
  build: temporalCli,
  async start(cli) {
    const sandbox = await startSandbox(cli);
    return {
      connection: { system: 'temporal', address: sandbox.address, namespace: sandbox.namespace },
      summary: `incidents ${sandbox.scenarios.map((scenario) => scenario.workflowId).join(', ')}`,
      async reset() {
        const connection = await Connection.connect({ address: sandbox.address });
        try {
          await seedAll(new Client({ connection, namespace: sandbox.namespace }));
        } finally {
          await connection.close();
        }
      },
      stop: () => sandbox.stop(),
    };
  },
};

const mongo: SystemSpec = {
  system: 'mongo',
  program: `FerretDB ${FERRETDB_VERSION} (MongoDB protocol, SQLite)`,
  buildSeconds: 300,
  howToGet: HOW_TO_GET_FERRETDB,
  find: ({ named, cacheDir }) => findFerretDb({ named, cacheDir }),
  build: ferretDbBinary,
  async start(binary) {
    const server = await startFerretDb(binary);
    const connection = {
      system: 'mongo' as const,
      uri: `mongodb://${server.address}/`,
      username: server.username,
      password: server.password,
      authSource: server.authSource,
    };
    const seed = async () => {
      const client = new MongoClient(connection.uri, {
        auth: { username: server.username, password: server.password },
        authSource: server.authSource,
        directConnection: true,
      });
      try {
        await seedWesDb(client);
      } finally {
        await client.close();
      }
    };
    try {
      await seed();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return {
      connection,
      summary:
        'wes_db: task_routes (20,000; no index for status + createdAt), orders, inventory, waves',
      reset: seed,
      stop: server.stop,
    };
  },
};

const kubernetes: SystemSpec = {
  system: 'kubernetes',
  program: `Kubernetes ${KUBERNETES_STACK_KEY} (etcd, kube-apiserver, kube-controller-manager, kwok, metrics-server)`,
  buildSeconds: 1_500,
  howToGet: HOW_TO_GET_KUBERNETES,
  find: (options) => findKubernetesBinaries(options)?.dir,
  build: async (options) => (await kubernetesBinaries(options)).dir,
  async start(dir) {
    const found = findKubernetesBinaries({ named: dir, cacheDir: dir });
    const world = await startWmsCluster(found!);
    return {
      connection: {
        system: 'kubernetes',
        kubeconfig: world.kubeconfig,
        namespace: world.namespace,
      },
      summary: `namespace ${world.namespace}: orchestrator-worker, wes-service, picking-service, mongodb, temporal-frontend`,
      reset: async () => world.reset(),
      stop: world.stop,
    };
  },
};

export const systemSpecs: Record<SandboxSystem, SystemSpec> = { temporal, kubernetes, mongo };
