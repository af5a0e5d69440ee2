/**
 * The sandbox's servers as the tests get them: the programs a developer named in the environment,
 * else the cache (`$RUNSHEET_CACHE`, default ~/.cache/runsheet), built there on first use.
 */
import { startDevServer, type DevServer } from '../../sandbox/dev-server.ts';
import { startKubernetes as startCluster } from '../../sandbox/kubernetes/cluster.ts';
import {
  ferretDbBinary as findOrBuildFerretDb,
  startFerretDb as startFerret,
  type FerretDbOptions,
} from '../../sandbox/mongo/ferretdb.ts';
import { DEFAULT_CACHE_DIR } from '../../sandbox/programs/go-build.ts';
import { kubernetesBinaries as findOrBuildKubernetes } from '../../sandbox/programs/kubernetes-build.ts';
import { temporalCli as findOrBuildTemporal } from '../../sandbox/programs/temporal-cli.ts';

export const CACHE_DIR = process.env['RUNSHEET_CACHE'] ?? DEFAULT_CACHE_DIR;

/** `$TEMPORAL_CLI`, else `temporal` on PATH, else the cached build (made on first use). */
export const temporalCli = () =>
  findOrBuildTemporal({ cacheDir: CACHE_DIR, named: process.env['TEMPORAL_CLI'] });

/** `$FERRETDB_BIN`, else the cached build (made on first use). */
export const ferretDbBinary = () =>
  findOrBuildFerretDb({ cacheDir: CACHE_DIR, named: process.env['FERRETDB_BIN'] });

/** `$RUNSHEET_KUBERNETES_BIN` (a folder of the same programs), else the cached build. */
export const kubernetesBinaries = () =>
  findOrBuildKubernetes({ cacheDir: CACHE_DIR, named: process.env['RUNSHEET_KUBERNETES_BIN'] });

export type TemporalServer = DevServer;

/** A throw-away Temporal dev server on a free loopback port, for one test run. */
export async function startTemporal(): Promise<TemporalServer> {
  return startDevServer(await temporalCli());
}

/** A throw-away FerretDB with authentication on, on a free loopback port. */
export async function startFerretDb(options: FerretDbOptions = {}) {
  return startFerret(await ferretDbBinary(), options);
}

/** A throw-away Kubernetes control plane (no workloads yet) on free loopback ports. */
export async function startKubernetes() {
  return startCluster(await kubernetesBinaries());
}
