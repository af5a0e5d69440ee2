import { status as grpcStatus } from '@grpc/grpc-js';
import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  NamespaceNotFoundError,
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { ActionError } from '../errors.ts';
import { workflowStatusName } from './temporal-status.ts';

interface Where {
  address: string;
  namespace: string;
}

const ADDRESS_HINT =
  'Check that the Temporal frontend is running and that temporal.address (RUNSHEET_TEMPORAL_ADDRESS) points at it.';

/**
 * The one place where Temporal transport and SDK errors become errors a person can act on.
 * Errors it does not recognise come back unchanged: they are bugs, for the 500 handler to log.
 */
export function translateTemporalError(
  error: unknown,
  { address, namespace }: Where,
  {
    connecting = false,
    deadlinePassed = false,
  }: {
    connecting?: boolean;
    /** The call's deadline had passed and the person had not cancelled (see withConnection). */
    deadlinePassed?: boolean;
  } = {},
): unknown {
  if (error instanceof ActionError) return error;
  if (error instanceof WorkflowNotFoundError) {
    const run = error.runId ? ` (run ${error.runId})` : '';
    return new ActionError(
      'not_found',
      `Workflow "${error.workflowId}"${run} was not found in namespace "${namespace}".`,
      {
        hint: 'Check the workflow ID: IDs are case-sensitive and include their prefix (e.g. order-fulfillment-ORD-12345). A closed workflow past the namespace retention period is gone.',
        cause: error,
      },
    );
  }
  if (error instanceof NamespaceNotFoundError) {
    return new ActionError('not_found', `Namespace "${namespace}" does not exist at ${address}.`, {
      hint: 'Set temporal.namespace (RUNSHEET_TEMPORAL_NAMESPACE) to an existing namespace.',
      cause: error,
    });
  }
  if (error instanceof QueryNotRegisteredError) {
    return new ActionError('invalid_input', error.message, {
      hint: 'Use one of the registered query types listed above; __stack_trace works on every TypeScript and Go workflow.',
      cause: error,
    });
  }
  if (error instanceof QueryRejectedError) {
    return new ActionError(
      'precondition_failed',
      `The workflow rejected the query: it is ${workflowStatusName(error.status)}.`,
      {
        cause: error,
      },
    );
  }
  // A call its deadline ended can come back as CANCELLED rather than DEADLINE_EXCEEDED (seen with a
  // 1 ms deadline on a loaded machine): when the person did not cancel, the deadline did.
  if (isGrpcDeadlineError(error) || (deadlinePassed && isGrpcCancelledError(error))) {
    return new ActionError('deadline_exceeded', `Temporal at ${address} did not answer in time.`, {
      hint: 'The server may be overloaded. Try again; raise temporal.rpcTimeoutMs if it keeps happening.',
      cause: error,
    });
  }
  if (isAbort(error) || isGrpcCancelledError(error)) {
    return new ActionError('cancelled', 'The run was cancelled before Temporal answered.', {
      cause: error,
    });
  }
  const grpc = grpcErrorOf(error);
  if (connecting && !grpc) {
    return new ActionError('target_unreachable', `Temporal is unreachable at ${address}.`, {
      hint: ADDRESS_HINT,
      cause: error,
    });
  }
  if (!grpc) return error;
  switch (grpc.code) {
    case grpcStatus.UNAVAILABLE:
      return new ActionError('target_unreachable', `Temporal is unreachable at ${address}.`, {
        hint: ADDRESS_HINT,
        cause: error,
      });
    case grpcStatus.PERMISSION_DENIED:
    case grpcStatus.UNAUTHENTICATED:
      return new ActionError(
        'permission_denied',
        `Temporal at ${address} refused the call: ${grpc.details}`,
        {
          hint: 'Check the TLS client certificate or API key configured for this environment.',
          cause: error,
        },
      );
    case grpcStatus.NOT_FOUND:
      return new ActionError('not_found', `Temporal: ${grpc.details}`, { cause: error });
    case grpcStatus.INVALID_ARGUMENT:
      return new ActionError('invalid_input', `Temporal rejected the request: ${grpc.details}`, {
        cause: error,
      });
    default:
      return new ActionError('target_error', `Temporal answered with an error: ${grpc.details}`, {
        cause: error,
      });
  }
}

function grpcErrorOf(error: unknown) {
  if (isGrpcServiceError(error)) return error;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause;
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
