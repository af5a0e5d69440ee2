import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { TemporalConfig } from '../config.ts';
import { translateTemporalError } from './temporal-errors.ts';

export interface TemporalTarget {
  readonly address: string;
  readonly namespace: string;
  /**
   * Runs `fn` with a connected client under the configured deadline and the caller's abort signal.
   * Transport errors come out as ActionErrors (see temporal-errors.ts), the one place they are translated.
   */
  call<T>(signal: AbortSignal, fn: (client: Client) => Promise<T>): Promise<T>;
  /** Round trip to the frontend's health service; throws an ActionError when it does not answer. */
  check(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export function createTemporalTarget(config: TemporalConfig): TemporalTarget {
  const { address, namespace, rpcTimeoutMs } = config;
  const where = { address, namespace };
  let connecting: Promise<Connection> | undefined;

  // Connect on first use, and forget a failed attempt so the next call tries again.
  function connection(): Promise<Connection> {
    connecting ??= Connection.connect(connectionOptions(config)).catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  async function withConnection<T>(
    signal: AbortSignal,
    fn: (connection: Connection) => Promise<T>,
  ): Promise<T> {
    let conn: Connection;
    try {
      conn = await abortable(connection(), signal);
    } catch (error) {
      throw translateTemporalError(error, where, { connecting: true });
    }
    try {
      return await conn.withDeadline(Date.now() + rpcTimeoutMs, () =>
        conn.withAbortSignal(signal, () => fn(conn)),
      );
    } catch (error) {
      throw translateTemporalError(error, where);
    }
  }

  return {
    address,
    namespace,
    call: (signal, fn) =>
      withConnection(signal, (conn) =>
        fn(new Client({ connection: conn, namespace, identity: `runsheet@${hostname()}` })),
      ),
    check: (signal) =>
      withConnection(signal, async (conn) => {
        await conn.healthService.check({});
      }),
    async close() {
      const pending = connecting;
      connecting = undefined;
      if (pending) await pending.then((conn) => conn.close()).catch(() => undefined);
    },
  };
}

function connectionOptions(config: TemporalConfig): ConnectionOptions {
  const { address, tls, apiKey, connectTimeoutMs } = config;
  const useTls = Boolean(tls) || Boolean(apiKey);
  return {
    address,
    connectTimeout: connectTimeoutMs,
    ...(apiKey ? { apiKey } : {}),
    tls: useTls
      ? {
          ...(tls?.serverName ? { serverNameOverride: tls.serverName } : {}),
          ...(tls?.caFile ? { serverRootCACertificate: readFileSync(tls.caFile) } : {}),
          ...(tls?.certFile && tls.keyFile
            ? {
                clientCertPair: { crt: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
              }
            : {}),
        }
      : false,
  };
}

/** Connecting can take the whole connect timeout; a cancelled run should not wait for it. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
