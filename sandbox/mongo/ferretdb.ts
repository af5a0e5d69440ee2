import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort, retryOnPortClash, startProcess, waitUntil } from '../processes.ts';
import {
  cachedTool,
  goBuildToolOnce,
  SandboxError,
  type BuildOptions,
} from '../programs/go-build.ts';

export const FERRETDB_VERSION = 'v1.24.2';

/** The user FerretDB creates at start-up; its password is new for every run. */
export const FERRETDB_USER = 'runsheet';

export interface FerretDbServer {
  /** `host:port` it listens on. */
  address: string;
  username: string;
  password: string;
  /** Where the user is defined (the `authSource` of a connection string). */
  authSource: string;
  /** With `metrics`: where FerretDB serves its own Prometheus metrics (requests by command). */
  metricsUrl?: string;
  stop(): Promise<void>;
}

export interface FerretDbOptions {
  /**
   * Serve FerretDB's debug handler on a free loopback port: its /debug/metrics count the requests
   * it received by command, so a test can see from the server's side how often it was asked.
   */
  metrics?: boolean;
}

export const HOW_TO_GET_FERRETDB = 'Set FERRETDB_BIN to a FerretDB v1.24.x binary';

/** The named binary (FERRETDB_BIN), else the cached build; undefined if neither. */
export function findFerretDb({
  named,
  cacheDir,
}: {
  named?: string | undefined;
  cacheDir: string;
}): string | undefined {
  if (named) return named;
  const cached = cachedTool(cacheDir, 'ferretdb', FERRETDB_VERSION);
  return existsSync(cached) ? cached : undefined;
}

/**
 * The FerretDB found, else built once into the cache. Cold (empty Go module and build caches,
 * 2 shared cores) the build took 303 s wall, 142 s CPU; from a warm module cache, ~80 s.
 */
export function ferretDbBinary(
  options: BuildOptions & { named?: string | undefined },
): Promise<string> {
  const found = findFerretDb(options);
  if (found) return Promise.resolve(found);
  return goBuildToolOnce(
    {
      name: 'ferretdb',
      module: 'github.com/FerretDB/FerretDB/cmd/ferretdb',
      moduleRoot: 'github.com/FerretDB/FerretDB',
      version: FERRETDB_VERSION,
      // Release builds generate this file; a module build without it panics at start.
      vendorFiles: { 'build/version/version.txt': `${FERRETDB_VERSION}\n` },
      howElse: HOW_TO_GET_FERRETDB,
    },
    options,
  );
}

/**
 * Starts a throw-away FerretDB (SQLite backend) on a free loopback port, with authentication on:
 * FerretDB 1.x authenticates with SCRAM only under its experimental new authentication, and then
 * creates the one user below at start-up. Waits until that user can log in and list databases.
 */
export function startFerretDb(
  binary: string,
  options: FerretDbOptions = {},
): Promise<FerretDbServer> {
  return retryOnPortClash(() => startFerretDbOnce(binary, options));
}

async function startFerretDbOnce(
  binary: string,
  { metrics = false }: FerretDbOptions,
): Promise<FerretDbServer> {
  const port = await freePort();
  const debugAddress = metrics ? `127.0.0.1:${await freePort()}` : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'runsheet-ferretdb-'));
  const address = `127.0.0.1:${port}`;
  // Characters that a connection string must URL-encode, so tests can look for both spellings.
  const password = `${randomBytes(12).toString('base64url')}/p@ss:w%rd`;
  const authSource = 'admin';
  const server = startProcess(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=${address}`,
      '--state-dir=-',
      `--debug-addr=${debugAddress ?? '-'}`,
      '--telemetry=disable',
      '--log-level=warn',
      '--test-enable-new-auth',
      `--setup-database=${authSource}`,
      `--setup-username=${FERRETDB_USER}`,
    ],
    'ferretdb',
    // In the environment rather than the arguments, so `ps` does not show it.
    { ...process.env, FERRETDB_SETUP_PASSWORD: password },
  );
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(() => canLogIn(address, FERRETDB_USER, password, authSource), {
      timeoutMs: 60_000,
      what: 'FerretDB',
      exited: server.exited,
    });
  } catch (error) {
    await stop();
    throw new SandboxError(`${(error as Error).message}\n${server.output()}`);
  }
  return {
    address,
    username: FERRETDB_USER,
    password,
    authSource,
    ...(debugAddress ? { metricsUrl: `http://${debugAddress}/debug/metrics` } : {}),
    stop,
  };
}

async function canLogIn(
  address: string,
  username: string,
  password: string,
  authSource: string,
): Promise<boolean> {
  const client = new MongoClient(`mongodb://${address}/`, {
    auth: { username, password },
    authSource,
    serverSelectionTimeoutMS: 1_000,
    directConnection: true,
  });
  try {
    await client.db('admin').command({ listDatabases: 1, nameOnly: true });
    return true;
  } finally {
    await client.close();
  }
}
