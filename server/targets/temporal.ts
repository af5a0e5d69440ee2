import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { Caller } from './caller.ts';
import type { TemporalConfig } from '../config.ts';
import { ActionError } from '../errors.ts';
import { abortable } from './abortable.ts';
import { translateTemporalError } from './temporal-errors.ts';

export interface TemporalTarget {
  /** False when no Temporal is configured: every call then answers target_not_configured. */
  readonly configured: boolean;
  readonly address: string;
  readonly namespace: string;
  /** How long one call may take (temporal.rpcTimeoutMs): actions making many calls bound each. */
  readonly rpcTimeoutMs: number;
  /** From this many workflows on, batch actions use Temporal's batch engine (temporal.serverBatchThreshold). */
  readonly serverBatchThreshold: number;
  /**
   * Runs `fn` with a connected client under the configured deadline and the caller's abort signal.
   * The client's identity names the person (`runsheet:alice@example.com`), so Temporal's own history
   * shows who did it. Transport errors come out as ActionErrors (temporal-errors.ts translates them).
   */
  call<T>(caller: Caller, fn: (client: Client) => Promise<T>, options?: CallOptions): Promise<T>;
  /** Round trip to the frontend's health service; throws an ActionError when it does not answer. */
  check(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface CallOptions {
  /** Deadline for everything `fn` does; defaults to temporal.rpcTimeoutMs. Long batch actions raise it. */
  timeoutMs?: number;
}

export function createTemporalTarget(config: TemporalConfig): TemporalTarget {
  const { address, namespace, rpcTimeoutMs, serverBatchThreshold } = config;
  if (!address) return unconfiguredTemporal(namespace, rpcTimeoutMs, serverBatchThreshold);
  const options = connectionOptions({ ...config, address });
  const where = { address, namespace };
  let connecting: Promise<Connection> | undefined;

  // Connect on first use, and forget a failed attempt so the next call tries again.
  function connection(): Promise<Connection> {
    connecting ??= Connection.connect(options).catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  async function withConnection<T>(
    signal: AbortSignal,
    fn: (connection: Connection) => Promise<T>,
    timeoutMs = rpcTimeoutMs,
  ): Promise<T> {
    let conn: Connection;
    try {
      conn = await abortable(connection(), signal);
    } catch (error) {
      throw translateTemporalError(error, where, { connecting: true });
    }
    const deadline = Date.now() + timeoutMs;
    try {
      return await conn.withDeadline(deadline, () => conn.withAbortSignal(signal, () => fn(conn)));
    } catch (error) {
      const deadlinePassed = !signal.aborted && Date.now() >= deadline;
      throw translateTemporalError(error, where, { deadlinePassed });
    }
  }

  return {
    configured: true,
    address,
    namespace,
    rpcTimeoutMs,
    serverBatchThreshold,
    call: ({ signal, actor }, fn, options) =>
      withConnection(
        signal,
        (conn) =>
          fn(
            new Client({
              connection: conn,
              namespace,
              identity: actor ? `runsheet:${actor.id}` : `runsheet@${hostname()}`,
            }),
          ),
        options?.timeoutMs,
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

function unconfiguredTemporal(
  namespace: string,
  rpcTimeoutMs: number,
  serverBatchThreshold: number,
): TemporalTarget {
  const refuse = async (): Promise<never> => {
    throw new ActionError('target_not_configured', 'No Temporal server is configured.', {
      hint: 'Set RUNSHEET_TEMPORAL_ADDRESS (temporal.address), or leave it unset with RUNSHEET_SANDBOX=auto to practise on the sandbox.',
    });
  };
  return {
    configured: false,
    address: '',
    namespace,
    rpcTimeoutMs,
    serverBatchThreshold,
    call: refuse,
    check: refuse,
    close: async () => {},
  };
}

function connectionOptions(config: TemporalConfig & { address: string }): ConnectionOptions {
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
