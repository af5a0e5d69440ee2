import {
  MongoAPIError,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoParseError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { ActionError } from '../errors.ts';

/** What the translator knows about where an error came from. */
export interface MongoWhere {
  /** `host:port[,host:port…]`, never with credentials. */
  address: string;
  username: string | undefined;
  authSource: string;
  serverSelectionTimeoutMs: number;
  operationTimeoutMs: number;
  /** e.g. `FerretDB 1.24.2`, once the server has been identified. */
  server: string | undefined;
  /** Values that must never appear in a message (the password, raw and URL-encoded). */
  secrets: readonly string[];
}

/** What the failing call was, for messages: the command name or the stage, e.g. `$currentOp`. */
export interface MongoCall {
  feature?: string | undefined;
  connecting?: boolean;
}

const ADDRESS_HINT =
  'Check that MongoDB is running and that mongo.uri (RUNSHEET_MONGO_URI) names its host and port; for TLS, that the CA (RUNSHEET_MONGO_TLS_CA) matches the server certificate.';

// Server error codes (src/mongo/base/error_codes.yml in the MongoDB sources).
const code = {
  badValue: 2,
  failedToParse: 9,
  unauthorized: 13,
  typeMismatch: 14,
  authenticationFailed: 18,
  namespaceNotFound: 26,
  maxTimeMsExpired: 50,
  commandNotFound: 59,
  invalidNamespace: 73,
  commandNotSupported: 115,
  notImplemented: 238,
  unrecognizedPipelineStage: 40324,
} as const;

const notSupportedCodes = new Set<number>([
  code.commandNotFound,
  code.commandNotSupported,
  code.notImplemented,
  code.unrecognizedPipelineStage,
]);

/**
 * The one place where MongoDB driver and server errors become errors a person can act on.
 * Every message it builds goes through `scrub`, so a password can never ride along on a server
 * message. Errors it does not recognise come back unchanged: they are bugs, for the 500 handler.
 */
export function translateMongoError(
  error: unknown,
  where: MongoWhere,
  { feature, connecting = false }: MongoCall = {},
): unknown {
  if (error instanceof ActionError) return error;
  const fail = (kind: ActionError['code'], message: string, hint?: string) =>
    new ActionError(kind, scrub(message, where.secrets), {
      hint: hint === undefined ? undefined : scrub(hint, where.secrets),
      cause: error,
    });
  const server = where.server ?? 'MongoDB';

  // The run's deadline is an AbortSignal.timeout: the driver reports it as an operation timeout,
  // or, when it fires while waiting for a pooled connection, as a wait-queue timeout.
  if (
    error instanceof MongoOperationTimeoutError ||
    isNamed(error, 'MongoWaitQueueTimeoutError') ||
    isNamed(error, 'TimeoutError')
  ) {
    return fail(
      'deadline_exceeded',
      `${server} at ${where.address} did not answer within ${where.operationTimeoutMs} ms.`,
      'The server may be overloaded or the operation slow. Try again; raise mongo.operationTimeoutMs (RUNSHEET_MONGO_OPERATION_TIMEOUT_MS) if it keeps happening.',
    );
  }
  if (isNamed(error, 'AbortError')) {
    return fail('cancelled', `The run was cancelled before ${server} answered.`);
  }

  if (error instanceof MongoServerError) {
    return translateServerError(error, where, feature, fail);
  }
  if (error instanceof MongoServerSelectionError) {
    const why = error.message ? `: ${error.message}` : '';
    return fail(
      'target_unreachable',
      `MongoDB is unreachable at ${where.address} (no usable server within ${where.serverSelectionTimeoutMs} ms${why}).`,
      ADDRESS_HINT,
    );
  }
  if (error instanceof MongoNetworkError || error instanceof MongoTopologyClosedError) {
    return fail(
      'target_unreachable',
      `The connection to ${server} at ${where.address} broke off: ${error.message}`,
      `${ADDRESS_HINT} If the server restarted, run the step again.`,
    );
  }
  if (error instanceof MongoParseError || (connecting && error instanceof MongoAPIError)) {
    return fail(
      'target_not_configured',
      `The MongoDB settings cannot be used: ${error.message}`,
      'Fix mongo.uri (RUNSHEET_MONGO_URI) and the other mongo.* settings; the README lists them.',
    );
  }
  return error;
}

function translateServerError(
  error: MongoServerError,
  where: MongoWhere,
  feature: string | undefined,
  fail: (kind: ActionError['code'], message: string, hint?: string) => ActionError,
): ActionError {
  const server = where.server ?? 'this server';
  const serverMessage = error.errmsg ?? error.message;
  const what = feature ? `${feature}` : 'the command';
  const errorCode = typeof error.code === 'number' ? error.code : undefined;

  if (errorCode !== undefined && notSupportedCodes.has(errorCode)) {
    return notSupportedError(what, serverMessage, where, error);
  }
  switch (errorCode) {
    case code.authenticationFailed:
      return fail(
        'permission_denied',
        `MongoDB at ${where.address} refused the credentials of user "${where.username ?? '(none)'}" (authentication failed).`,
        `Check the password (RUNSHEET_MONGO_PASSWORD or RUNSHEET_MONGO_PASSWORD_FILE), the user (RUNSHEET_MONGO_USERNAME) and the database it is defined in (authSource "${where.authSource}").`,
      );
    case code.unauthorized:
      return fail(
        'permission_denied',
        `${server} refused ${what} for user "${where.username ?? '(none)'}": ${serverMessage}`,
        'Grant the Runsheet user the role this step needs: clusterMonitor for server status and current operations, dbAdmin on the database for indexes and the profiler, and the killop action to kill operations.',
      );
    case code.namespaceNotFound:
      return fail('not_found', `${server}: ${serverMessage}`);
    case code.maxTimeMsExpired:
      return fail(
        'deadline_exceeded',
        `${server} at ${where.address} stopped ${what} after ${where.operationTimeoutMs} ms.`,
        'Raise mongo.operationTimeoutMs (RUNSHEET_MONGO_OPERATION_TIMEOUT_MS) if the operation needs longer.',
      );
    case code.badValue:
    case code.failedToParse:
    case code.typeMismatch:
    case code.invalidNamespace:
      return fail('invalid_input', `${server} rejected ${what}: ${serverMessage}`);
    default:
      return fail(
        'target_error',
        `${server} answered ${what} with an error: ${serverMessage}${error.codeName ? ` (${error.codeName})` : ''}`,
      );
  }
}

/**
 * `$currentOp is not supported by FerretDB 1.24.2 at 127.0.0.1:27017: <why>` — for a command or
 * stage the server refuses, and for an answer that lacks what the step needs.
 */
export function notSupportedError(
  feature: string,
  why: string,
  where: MongoWhere,
  cause?: unknown,
): ActionError {
  const server = where.server ?? 'this server';
  return new ActionError(
    'not_supported',
    scrub(`${feature} is not supported by ${server} at ${where.address}: ${why}`, where.secrets),
    {
      hint: 'This step needs a server that implements it: run it against MongoDB itself (FerretDB and other compatible servers leave out most diagnostics).',
      cause,
    },
  );
}

/** Replaces every secret in `text`, however short: a mangled message beats a leaked password. */
export function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret) clean = clean.split(secret).join('[redacted]');
  }
  return clean;
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}
