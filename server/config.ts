import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { ConnectionString } from 'mongodb-connection-string-url';
import { z } from 'zod';
import { identityConfigSchema, policyConfigSchema } from './auth/auth-config.ts';
import { formatIssues } from './validation.ts';
import { setPath } from './object-path.ts';
import { TASK_QUEUE } from '../sandbox/task-queue.ts';

/**
 * All configuration, in one place. Sources, later ones winning:
 * built-in defaults → `runsheet.config.json` (or the file named by RUNSHEET_CONFIG) → RUNSHEET_* variables.
 * Nothing else in the server reads `process.env`.
 */

const existingFile = z
  .string()
  .min(1)
  .refine((path) => existsSync(path), { message: 'file not found' });

const temporalSchema = z.strictObject({
  /**
   * host:port of the Temporal frontend, e.g. `temporal-frontend.temporal:7233`.
   * Unset, Runsheet runs its own sandbox (see `sandbox`) and points here at it.
   */
  address: z.string().min(1).optional(),
  /** Temporal namespace the runbooks act in. */
  namespace: z.string().min(1).default('default'),
  /** mTLS: CA bundle, client certificate and key files (PEM). Any of them turns TLS on. */
  tls: z
    .strictObject({
      caFile: existingFile.optional(),
      certFile: existingFile.optional(),
      keyFile: existingFile.optional(),
      serverName: z.string().min(1).optional(),
    })
    .refine((tls) => Boolean(tls.certFile) === Boolean(tls.keyFile), {
      message: 'certFile and keyFile go together',
    })
    .optional(),
  /** Temporal Cloud API key; sent as a bearer token over TLS. Never logged, never sent to the browser. */
  apiKey: z.string().min(1).optional(),
  /** How long to wait for the first connection before calling Temporal unreachable. */
  connectTimeoutMs: z.coerce.number().int().positive().default(5_000),
  /** Deadline for each call Runsheet makes to Temporal. */
  rpcTimeoutMs: z.coerce.number().int().positive().default(10_000),
  /**
   * Batch actions (terminate, cancel, signal by query) matching at least this many workflows hand
   * them to Temporal's own batch engine (StartBatchOperation); below it Runsheet calls Temporal once
   * per workflow, which reports each one. 0 sends every batch to the engine.
   */
  serverBatchThreshold: z.coerce.number().int().min(0).default(300),
});

/** Parses like the driver does; the message never repeats the string, which may hold a password. */
function isConnectionString(uri: string): boolean {
  try {
    new ConnectionString(uri);
    return true;
  } catch {
    return false;
  }
}

const mongoSchema = z
  .strictObject({
    /**
     * Connection string, e.g. `mongodb://runsheet@mongodb.wms:27017/?authSource=admin`.
     * Without one the mongo actions answer 503 target_not_configured. Keep the password out of it
     * (use `password` or `passwordFile`); one left in is taken out and never shown.
     */
    uri: z
      .string()
      .trim()
      .min(1)
      .refine(
        isConnectionString,
        'not a MongoDB connection string (expected mongodb://host:port/… or mongodb+srv://host/…)',
      )
      .optional(),
    /** User to log in as; overrides one in the connection string. */
    username: z.string().min(1).optional(),
    /** Password of that user. Never logged, never sent to the browser. */
    password: z.string().min(1).optional(),
    /** A file holding the password (e.g. a mounted Kubernetes secret); read at each (re)connect. */
    passwordFile: existingFile.optional(),
    /** Database the user is defined in, e.g. `admin`; overrides the connection string's authSource. */
    authSource: z.string().min(1).optional(),
    /** TLS: a CA bundle (PEM) and/or a client certificate with its key in one PEM file. Either turns TLS on. */
    tls: z
      .strictObject({
        caFile: existingFile.optional(),
        certificateKeyFile: existingFile.optional(),
      })
      .optional(),
    /** How long to wait for a TCP connection to one server. */
    connectTimeoutMs: z.coerce.number().int().positive().default(5_000),
    /** How long to look for a usable server before calling MongoDB unreachable. */
    serverSelectionTimeoutMs: z.coerce.number().int().positive().default(5_000),
    /** Deadline for each command Runsheet sends (also sent to the server as maxTimeMS). */
    operationTimeoutMs: z.coerce.number().int().positive().default(10_000),
  })
  .refine((mongo) => !(mongo.password && mongo.passwordFile), {
    message: 'set password or passwordFile, not both',
    path: ['passwordFile'],
  });

/** RFC 1123 label: what Kubernetes accepts as a namespace name. */
const kubernetesNamespace = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a namespace is lower-case letters, digits and -');

const kubernetesSchema = z
  .strictObject({
    /**
     * Kubeconfig file(s), separated like $KUBECONFIG (`:` on Linux). Defaults to $KUBECONFIG, else
     * `~/.kube/config` when it exists. With neither (and not in a cluster), Kubernetes is not configured.
     */
    kubeconfig: z
      .string()
      .min(1)
      .refine((paths) => paths.split(delimiter).some((path) => path && existsSync(path)), {
        message: 'file not found',
      })
      .optional(),
    /** Context of the kubeconfig to use, e.g. `wms-staging`; defaults to its current-context. */
    context: z.string().min(1).optional(),
    /** Use the pod's service account (Runsheet running inside the cluster) instead of a kubeconfig. */
    inCluster: z.union([z.boolean(), z.stringbool()]).default(false),
    /** Namespace of the WMS workloads, used when a step does not name one. */
    namespace: kubernetesNamespace.default('wms'),
    /** Deadline of each request to the API server (streams and waits have their own limits). */
    requestTimeoutMs: z.coerce.number().int().positive().default(10_000),
  })
  .refine((kube) => !(kube.inCluster && kube.kubeconfig), {
    message: 'set either kubeconfig or inCluster, not both',
  });

export const configSchema = z
  .strictObject({
    server: z
      .strictObject({
        /** Interface to listen on. Keep 127.0.0.1 unless a proxy in front of Runsheet handles access. */
        host: z.string().min(1).default('127.0.0.1'),
        port: z.coerce.number().int().min(0).max(65_535).default(4321),
        /** The built site (`npm run build` writes it). */
        siteDir: z.string().min(1).default('dist'),
        /**
         * The runbooks' MDX sources, e.g. `src/content/runbooks`: "Add to runbook" on an incident
         * page writes its diff against these files (it never changes them).
         */
        runbookSources: z.string().min(1).default('src/content/runbooks'),
        /**
         * Host names (optionally `name:port`) the API answers to besides the loopback names at its
         * own port, e.g. `["runsheet.example.com"]`: a request naming any other Host is refused,
         * which stops DNS rebinding. A variable takes them comma-separated.
         */
        allowedHosts: z
          .preprocess(
            (value) => (typeof value === 'string' ? value.split(',') : value),
            z.array(z.string().trim().min(1).toLowerCase()),
          )
          .default([]),
        /**
         * Local mode makes whoever reaches the port its admin, so it listens on loopback only; set
         * this to `true` to serve local mode on another interface anyway, knowing anyone who can
         * reach it runs as you.
         */
        allowLocalModeOnNetwork: z.union([z.boolean(), z.stringbool()]).default(false),
      })
      .prefault({}),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /**
     * The environment this backend acts on, e.g. `staging` or `production`: recorded with every run.
     * Unset: `sandbox` when Runsheet runs its own sandbox, else `production` (the strictest).
     */
    environment: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes, e.g. staging')
      .optional(),
    /**
     * Which runs are taken: `declared`, only the steps of the built runbooks as written (only their
     * page parameters vary); `any`, any action with valid input. Unset: `any` in the sandbox,
     * `declared` everywhere else.
     */
    steps: z.enum(['declared', 'any']).optional(),
    audit: z
      .strictObject({
        /**
         * Where the trail is kept: `sqlite`, a file on this machine (one backend), or `mongodb`,
         * shared by several backend replicas writing one chain.
         */
        store: z.enum(['sqlite', 'mongodb']).default('sqlite'),
        /** The SQLite file; its folder is created. */
        sqlitePath: z.string().min(1).default('data/audit.db'),
        /** MongoDB connection string for the shared trail (may hold credentials: never logged). */
        mongoUri: z.string().min(1).optional(),
        mongoDatabase: z.string().min(1).default('runsheet'),
      })
      .refine((audit) => audit.store !== 'mongodb' || audit.mongoUri, {
        message: 'the mongodb audit store needs mongoUri (RUNSHEET_AUDIT_MONGO_URI)',
      })
      .prefault({}),
    identity: identityConfigSchema.prefault({}),
    policy: policyConfigSchema.prefault({}),
    temporal: temporalSchema.prefault({}),
    mongo: mongoSchema.prefault({}),
    sandbox: z
      .strictObject({
        /**
         * `auto`: with no target configured (no Temporal address, MongoDB URI or kubeconfig), run the
         * WMS world for practice: a Temporal dev server with the demo worker and the seed's incidents,
         * a Kubernetes control plane with the WMS workloads, and FerretDB with wes_db. `temporal`: only
         * the Temporal part (a quick look). `off`: never. While the sandbox runs, a kubeconfig found in
         * $KUBECONFIG or ~/.kube/config is not used: the sandbox acts only on what it started.
         */
        mode: z.enum(['auto', 'temporal', 'off']).default('auto'),
        /** The temporal CLI to run it with; else `temporal` on PATH, else the cached build. */
        temporalCli: z.string().min(1).optional(),
        /** The FerretDB binary to run; else the cached build. */
        ferretdb: z.string().min(1).optional(),
        /** A folder holding etcd, kube-apiserver, kube-controller-manager, kubectl, kwok, metrics-server. */
        kubernetesBin: z.string().min(1).optional(),
        /** Where programs built with Go are kept (`<cacheDir>/bin`); default ~/.cache/runsheet. */
        cacheDir: z.string().min(1).optional(),
        /**
         * The task queue the demo WMS worker polls, e.g. `orchestrator-queue`: drills start their
         * incidents' workflows on it, so they only work where that worker runs.
         */
        taskQueue: z.string().min(1).default(TASK_QUEUE),
        /**
         * The opt-in, by name, to treat real targets as sandbox: `environment: sandbox` (drills,
         * `steps: any`) with a Temporal, MongoDB or Kubernetes that the sandbox did not start is
         * refused at start unless each such system is listed here, e.g. `["kubernetes"]`.
         */
        realTargetsAsSandbox: z
          .preprocess(
            (value) =>
              typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value,
            z.array(z.enum(['temporal', 'kubernetes', 'mongo'])),
          )
          .default([]),
      })
      .prefault({}),
    kubernetes: kubernetesSchema.prefault({}),
    cli: z
      .strictObject({
        /**
         * The bearer token the `runsheet` command presents when identity mode is `token`: set
         * RUNSHEET_TOKEN in the shell, never in a file. Checked against `identity.tokens` like an API request.
         */
        token: z.string().min(1).optional(),
      })
      .prefault({}),
  })
  .superRefine((config, issues) => {
    if (
      config.identity.mode === 'local' &&
      !isLoopback(config.server.host) &&
      !config.server.allowLocalModeOnNetwork
    ) {
      issues.addIssue({
        code: 'custom',
        path: ['server', 'host'],
        message: `local mode makes whoever reaches ${config.server.host} an admin as ${config.identity.localUser}: listen on 127.0.0.1, use identity.mode token or proxy, or set server.allowLocalModeOnNetwork (RUNSHEET_ALLOW_LOCAL_MODE_ON_NETWORK=true) to mean it`,
      });
    }
  });

/** Whether `host` is a loopback interface (only this machine can reach it). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export type Config = z.output<typeof configSchema>;
export type TemporalConfig = Config['temporal'];
export type MongoConfig = Config['mongo'];
export type KubernetesConfig = Config['kubernetes'];

/** Each RUNSHEET_* variable and the config key it sets. */
export const envKeys: Record<string, readonly string[]> = {
  RUNSHEET_HOST: ['server', 'host'],
  RUNSHEET_PORT: ['server', 'port'],
  RUNSHEET_SITE_DIR: ['server', 'siteDir'],
  RUNSHEET_ALLOWED_HOSTS: ['server', 'allowedHosts'],
  RUNSHEET_ALLOW_LOCAL_MODE_ON_NETWORK: ['server', 'allowLocalModeOnNetwork'],
  RUNSHEET_RUNBOOK_SOURCES: ['server', 'runbookSources'],
  RUNSHEET_LOG_LEVEL: ['logLevel'],
  RUNSHEET_AUTH_MODE: ['identity', 'mode'],
  RUNSHEET_LOCAL_USER: ['identity', 'localUser'],
  RUNSHEET_READ_ONLY: ['policy', 'readOnly'],
  RUNSHEET_TWO_PERSON_RULE: ['policy', 'twoPersonRule'],
  RUNSHEET_ADHOC: ['policy', 'adhoc'],
  RUNSHEET_ENVIRONMENT: ['environment'],
  RUNSHEET_STEPS: ['steps'],
  RUNSHEET_AUDIT_STORE: ['audit', 'store'],
  RUNSHEET_AUDIT_SQLITE_PATH: ['audit', 'sqlitePath'],
  RUNSHEET_AUDIT_MONGO_URI: ['audit', 'mongoUri'],
  RUNSHEET_AUDIT_MONGO_DATABASE: ['audit', 'mongoDatabase'],
  RUNSHEET_TEMPORAL_ADDRESS: ['temporal', 'address'],
  RUNSHEET_TEMPORAL_NAMESPACE: ['temporal', 'namespace'],
  RUNSHEET_TEMPORAL_API_KEY: ['temporal', 'apiKey'],
  RUNSHEET_TEMPORAL_TLS_CA: ['temporal', 'tls', 'caFile'],
  RUNSHEET_TEMPORAL_TLS_CERT: ['temporal', 'tls', 'certFile'],
  RUNSHEET_TEMPORAL_TLS_KEY: ['temporal', 'tls', 'keyFile'],
  RUNSHEET_TEMPORAL_TLS_SERVER_NAME: ['temporal', 'tls', 'serverName'],
  RUNSHEET_TEMPORAL_CONNECT_TIMEOUT_MS: ['temporal', 'connectTimeoutMs'],
  RUNSHEET_TEMPORAL_RPC_TIMEOUT_MS: ['temporal', 'rpcTimeoutMs'],
  RUNSHEET_TEMPORAL_SERVER_BATCH_THRESHOLD: ['temporal', 'serverBatchThreshold'],
  RUNSHEET_MONGO_URI: ['mongo', 'uri'],
  RUNSHEET_MONGO_USERNAME: ['mongo', 'username'],
  RUNSHEET_MONGO_PASSWORD: ['mongo', 'password'],
  RUNSHEET_MONGO_PASSWORD_FILE: ['mongo', 'passwordFile'],
  RUNSHEET_MONGO_AUTH_SOURCE: ['mongo', 'authSource'],
  RUNSHEET_MONGO_TLS_CA: ['mongo', 'tls', 'caFile'],
  RUNSHEET_MONGO_TLS_CERT_KEY: ['mongo', 'tls', 'certificateKeyFile'],
  RUNSHEET_MONGO_CONNECT_TIMEOUT_MS: ['mongo', 'connectTimeoutMs'],
  RUNSHEET_MONGO_SERVER_SELECTION_TIMEOUT_MS: ['mongo', 'serverSelectionTimeoutMs'],
  RUNSHEET_MONGO_OPERATION_TIMEOUT_MS: ['mongo', 'operationTimeoutMs'],
  RUNSHEET_SANDBOX: ['sandbox', 'mode'],
  RUNSHEET_SANDBOX_TASK_QUEUE: ['sandbox', 'taskQueue'],
  RUNSHEET_SANDBOX_TEMPORAL_CLI: ['sandbox', 'temporalCli'],
  TEMPORAL_CLI: ['sandbox', 'temporalCli'],
  FERRETDB_BIN: ['sandbox', 'ferretdb'],
  RUNSHEET_KUBERNETES_BIN: ['sandbox', 'kubernetesBin'],
  RUNSHEET_CACHE: ['sandbox', 'cacheDir'],
  RUNSHEET_SANDBOX_REAL_TARGETS: ['sandbox', 'realTargetsAsSandbox'],
  RUNSHEET_KUBE_CONFIG: ['kubernetes', 'kubeconfig'],
  RUNSHEET_KUBE_CONTEXT: ['kubernetes', 'context'],
  RUNSHEET_KUBE_IN_CLUSTER: ['kubernetes', 'inCluster'],
  RUNSHEET_KUBE_NAMESPACE: ['kubernetes', 'namespace'],
  RUNSHEET_KUBE_REQUEST_TIMEOUT_MS: ['kubernetes', 'requestTimeoutMs'],
  RUNSHEET_TOKEN: ['cli', 'token'],
};
const CONFIG_FILE_VARIABLE = 'RUNSHEET_CONFIG';
const DEFAULT_CONFIG_FILE = 'runsheet.config.json';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads, merges and validates the configuration; a bad value or unknown key throws a ConfigError naming it. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const unknown = Object.keys(env).filter(
    (name) => name.startsWith('RUNSHEET_') && name !== CONFIG_FILE_VARIABLE && !(name in envKeys),
  );
  if (unknown.length > 0) {
    throw new ConfigError(
      `Unknown setting ${unknown.join(', ')}. Known RUNSHEET_* variables: ${[CONFIG_FILE_VARIABLE, ...Object.keys(envKeys)].join(', ')}.`,
    );
  }

  const file = readConfigFile(env[CONFIG_FILE_VARIABLE], cwd);
  const merged: Record<string, unknown> = structuredClone(file.values);
  for (const [name, path] of Object.entries(envKeys)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(merged, path, value);
  }
  defaultKubeconfig(merged, env);

  const parsed = configSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.map(String);
    const variable = Object.entries(envKeys).find(
      ([name, path]) => env[name] && key.slice(0, path.length).join('.') === path.join('.'),
    )?.[0];
    const where = variable ? `${variable} (${key.join('.')})` : `${file.name}: ${key.join('.')}`;
    return `${where}: ${formatIssues([{ ...issue, path: [] }])}`;
  });
  throw new ConfigError(`Invalid configuration. ${problems.join('; ')}`);
}

/**
 * Where kubectl would look: $KUBECONFIG, else ~/.kube/config; or the pod's service account when
 * Runsheet runs in a cluster. Only when neither the file nor the variables chose already.
 */
function defaultKubeconfig(merged: Record<string, unknown>, env: Env): void {
  const kube = (merged['kubernetes'] ?? {}) as Record<string, unknown>;
  if (kube['kubeconfig'] !== undefined || kube['inCluster'] !== undefined) return;
  // The sandbox acts only on what it started (issue 12): a cluster found lying around is not one.
  if (sandboxSystems(merged as LooseConfig).length > 0) return;
  const found = discoveredKubeconfig(env);
  if (found === IN_CLUSTER) setPath(merged, ['kubernetes', 'inCluster'], 'true');
  else if (found) setPath(merged, ['kubernetes', 'kubeconfig'], found);
}

const IN_CLUSTER = 'in-cluster service account';

/** The kubeconfig kubectl would use here ($KUBECONFIG, ~/.kube/config, the pod's account), if any. */
export function discoveredKubeconfig(env: Env = process.env): string | undefined {
  const home = env['HOME'];
  const homeConfig = home ? join(home, '.kube', 'config') : undefined;
  const fromVariable = env['KUBECONFIG'];
  if (fromVariable?.split(delimiter).some((path) => path && existsSync(path))) return fromVariable;
  if (homeConfig && existsSync(homeConfig)) return homeConfig;
  if (env['KUBERNETES_SERVICE_HOST'] && existsSync(SERVICE_ACCOUNT_TOKEN)) return IN_CLUSTER;
  return undefined;
}

type LooseConfig = {
  sandbox?: { mode?: unknown };
  temporal?: { address?: unknown };
  mongo?: { uri?: unknown };
  kubernetes?: { kubeconfig?: unknown; inCluster?: unknown };
};

export type SandboxSystem = 'temporal' | 'kubernetes' | 'mongo';

/**
 * The systems the sandbox runs: all three with `auto` when no target is configured at all, only
 * Temporal with `temporal` when no Temporal address is, none with `off`. Every other target is real.
 */
export function sandboxSystems(config: LooseConfig): SandboxSystem[] {
  const mode = config.sandbox?.mode ?? 'auto';
  const temporal = Boolean(config.temporal?.address);
  const inCluster = config.kubernetes?.inCluster;
  const configured =
    temporal ||
    Boolean(config.mongo?.uri) ||
    Boolean(config.kubernetes?.kubeconfig) ||
    inCluster === true ||
    (typeof inCluster === 'string' && /^(true|1|yes|on|y|enabled)$/i.test(inCluster));
  if (mode === 'auto') return configured ? [] : ['temporal', 'kubernetes', 'mongo'];
  if (mode === 'temporal') return temporal ? [] : ['temporal'];
  return [];
}
const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function readConfigFile(
  named: string | undefined,
  cwd: string,
): { name: string; values: Record<string, unknown> } {
  const path = resolve(cwd, named ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (named)
      throw new ConfigError(`${CONFIG_FILE_VARIABLE} names ${path}, which does not exist.`);
    return { name: DEFAULT_CONFIG_FILE, values: {} };
  }
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new ConfigError(`${path} must hold a JSON object, like {"temporal": {"address": "…"}}.`);
  }
  return { name: path, values: values as Record<string, unknown> };
}
