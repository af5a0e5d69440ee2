import { readFileSync } from 'node:fs';
import { MongoClient, MongoServerError, type Document, type MongoClientOptions } from 'mongodb';
import { ConnectionString } from 'mongodb-connection-string-url';
import type { MongoConfig } from '../config.ts';
import { ActionError } from '../errors.ts';
import { abortable } from './abortable.ts';
import { notSupportedError, translateMongoError, type MongoWhere } from './mongo-errors.ts';

/** Which server answers: FerretDB speaks the protocol but lacks much of the diagnostics. */
export interface MongoServerInfo {
  product: 'MongoDB' | 'FerretDB';
  version: string;
  /** The MongoDB version a compatible server claims to be, e.g. FerretDB 1.24.2 says 7.0.42. */
  compatibleVersion: string | null;
  /** `FerretDB 1.24.2`, `MongoDB 7.0.14`: how messages name the server. */
  label: string;
}

export interface MongoSession {
  client: MongoClient;
  server: MongoServerInfo;
  /** Pass to every driver call: the run's abort signal, bounded by mongo.operationTimeoutMs. */
  signal: AbortSignal;
  /** Server-side time limit to put on queries (`maxTimeMS`), so a timed-out read stops on the server too. */
  maxTimeMS: number;
  /**
   * Runs one database command. `feature` names what the step needs (`killOp`, `$currentOp`) in the
   * "not supported by FerretDB 1.24.2" message when the server lacks it.
   */
  command(database: string, command: Document, feature?: string): Promise<Document>;
  /** The not_supported error naming this server, for an answer that lacks what the step needs. */
  notSupported(feature: string, why: string): ActionError;
}

export interface MongoTarget {
  /** False when no mongo.uri is set: every call then fails with target_not_configured. */
  readonly configured: boolean;
  /** `host:port[,host:port…]`; never holds credentials. */
  readonly address: string;
  /** Runs `fn` with a connected client; driver errors come out as ActionErrors (mongo-errors.ts). */
  call<T>(
    caller: { signal: AbortSignal },
    fn: (session: MongoSession) => Promise<T>,
    options?: CallOptions,
  ): Promise<T>;
  /** A `ping` round trip; throws an ActionError when the server does not answer. */
  check(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface CallOptions {
  /** Deadline for everything `fn` does; defaults to mongo.operationTimeoutMs. Index builds raise it. */
  timeoutMs?: number;
}

const AUTHENTICATION_FAILED = 18;

export const NOT_CONFIGURED_HINT =
  'Set RUNSHEET_MONGO_URI (mongo.uri in runsheet.config.json) to a connection string such as mongodb://runsheet@mongodb.wms:27017/?authSource=admin, and the password with RUNSHEET_MONGO_PASSWORD or RUNSHEET_MONGO_PASSWORD_FILE.';

export function createMongoTarget(config: MongoConfig): MongoTarget {
  if (!config.uri) return unconfiguredTarget();
  const uri = new ConnectionString(config.uri);
  const address = addressOf(uri);
  const username = config.username ?? (decode(uri.username) || undefined);
  const uriPassword = decode(uri.password) || undefined;
  // The driver's own rule: the authSource option, else the database in the path, else admin.
  const authSource =
    config.authSource ?? uri.searchParams.get('authSource') ?? (uri.pathname.slice(1) || 'admin');
  // The client gets the credentials as options, so the string it holds has none.
  const bare = uri.clone();
  bare.username = '';
  bare.password = '';

  let password: string | undefined = config.password ?? uriPassword;
  let connecting: Promise<{ client: MongoClient; server: MongoServerInfo }> | undefined;
  const where = (server?: MongoServerInfo, timeoutMs = config.operationTimeoutMs): MongoWhere => ({
    address,
    username,
    authSource,
    serverSelectionTimeoutMs: config.serverSelectionTimeoutMs,
    operationTimeoutMs: timeoutMs,
    server: server?.label,
    secrets: secretForms(password, uriPassword, config.password),
  });

  // Connect on first use, and forget a failed attempt so the next call tries again.
  function connection() {
    connecting ??= (async () => {
      if (config.passwordFile) password = readPassword(config.passwordFile);
      const client = new MongoClient(bare.toString(), clientOptions(config, username, password));
      try {
        await client.connect();
        // Identifying the server is part of connecting, and bounded like it.
        return { client, server: await identify(client, config.serverSelectionTimeoutMs) };
      } catch (error) {
        await client.close().catch(() => undefined);
        throw error;
      }
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  // A password that stopped working (rotated in its file, say): drop the client so that the next
  // call connects afresh and reads the file again. Only the client this call used: a newer
  // attempt, started meanwhile by another call, stays.
  function forgetOnAuthFailure(error: unknown, attempt: typeof connecting) {
    if (error instanceof MongoServerError && error.code === AUTHENTICATION_FAILED) {
      if (connecting === attempt) connecting = undefined;
      void attempt?.then(({ client }) => client.close()).catch(() => undefined);
    }
  }

  async function call<T>(
    { signal }: { signal: AbortSignal },
    fn: (session: MongoSession) => Promise<T>,
    { timeoutMs = config.operationTimeoutMs }: CallOptions = {},
  ): Promise<T> {
    const attempt = connection();
    let connected: { client: MongoClient; server: MongoServerInfo };
    try {
      connected = await abortable(attempt, signal);
    } catch (error) {
      throw translateMongoError(error, where(), { connecting: true });
    }
    const { client, server } = connected;
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    const session: MongoSession = {
      client,
      server,
      signal: bounded,
      maxTimeMS: timeoutMs,
      async command(database, command, feature) {
        try {
          return await client.db(database).command(command, { signal: bounded });
        } catch (error) {
          forgetOnAuthFailure(error, attempt);
          throw translateMongoError(error, where(server, timeoutMs), {
            feature: feature ?? Object.keys(command)[0],
          });
        }
      },
      notSupported: (feature, why) => notSupportedError(feature, why, where(server, timeoutMs)),
    };
    try {
      return await fn(session);
    } catch (error) {
      forgetOnAuthFailure(error, attempt);
      throw translateMongoError(error, where(server, timeoutMs));
    }
  }

  return {
    configured: true,
    address,
    call,
    check: (signal) =>
      call({ signal }, async (session) => {
        await session.command('admin', { ping: 1 });
      }),
    async close() {
      const pending = connecting;
      connecting = undefined;
      if (pending) await pending.then(({ client }) => client.close()).catch(() => undefined);
    },
  };
}

function unconfiguredTarget(): MongoTarget {
  const refuse = () =>
    Promise.reject(
      new ActionError('target_not_configured', 'MongoDB is not configured for this Runsheet.', {
        hint: NOT_CONFIGURED_HINT,
      }),
    );
  return {
    configured: false,
    address: 'not configured',
    call: refuse,
    check: refuse,
    close: async () => undefined,
  };
}

function clientOptions(
  config: MongoConfig,
  username: string | undefined,
  password: string | undefined,
): MongoClientOptions {
  const { tls, authSource, connectTimeoutMs, serverSelectionTimeoutMs } = config;
  return {
    appName: 'runsheet',
    connectTimeoutMS: connectTimeoutMs,
    serverSelectionTimeoutMS: serverSelectionTimeoutMs,
    // Diagnostics are few and short: a small pool is plenty, and kind to a server in trouble.
    maxPoolSize: 5,
    ...(username ? { auth: password === undefined ? { username } : { username, password } } : {}),
    ...(authSource ? { authSource } : {}),
    ...(tls
      ? {
          tls: true,
          ...(tls.caFile ? { tlsCAFile: tls.caFile } : {}),
          ...(tls.certificateKeyFile ? { tlsCertificateKeyFile: tls.certificateKeyFile } : {}),
        }
      : {}),
  };
}

/** `buildInfo` says which server this is; FerretDB adds its own version beside the one it emulates. */
async function identify(client: MongoClient, timeoutMs: number): Promise<MongoServerInfo> {
  const info = await client
    .db('admin')
    .command({ buildInfo: 1 }, { signal: AbortSignal.timeout(timeoutMs) });
  const version = String(info['version'] ?? 'unknown');
  const ferretdb = info['ferretdbVersion'];
  if (typeof ferretdb === 'string') {
    const own = ferretdb.replace(/^v/, '');
    return {
      product: 'FerretDB',
      version: own,
      compatibleVersion: version,
      label: `FerretDB ${own}`,
    };
  }
  return { product: 'MongoDB', version, compatibleVersion: null, label: `MongoDB ${version}` };
}

function readPassword(file: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ActionError(
      'target_not_configured',
      `Cannot read the MongoDB password file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`,
      { hint: 'Check RUNSHEET_MONGO_PASSWORD_FILE (mongo.passwordFile) and its permissions.' },
    );
  }
}

/** `host:port,host:port`, with the default port spelled out so that messages are exact. */
function addressOf(uri: ConnectionString): string {
  if (uri.isSRV) return `${uri.hosts.join(',')} (SRV)`;
  return uri.hosts.map((host) => (/:\d+$/.test(host) ? host : `${host}:27017`)).join(',');
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Every way a password might be written: as given, and URL-encoded as in a connection string. */
function secretForms(...passwords: (string | undefined)[]): string[] {
  const forms = new Set<string>();
  for (const password of passwords) {
    if (!password) continue;
    forms.add(password);
    forms.add(encodeURIComponent(password));
  }
  return [...forms];
}
