import { ActionError } from '../errors.ts';
import { clientNode } from './kubernetes-client.ts';

interface Where {
  /** The API server URL, named in every message about it. */
  server: string;
  /** What the call reads, when that changes the meaning of an answer (see CallOptions.api). */
  api?: 'metrics';
}

/** A non-2xx answer to a streaming request (pod logs), shaped like the generated clients' errors. */
export class ApiStatusError extends Error {
  override readonly name = 'ApiStatusError';
  readonly code: number;
  readonly body: string;
  constructor(code: number, body: string) {
    super(`HTTP ${code}`);
    this.code = code;
    this.body = body;
  }
}

/** True for "this object does not exist" (404 naming it), as opposed to a whole API missing. */
export function isObjectNotFound(error: unknown): boolean {
  const answer = statusOf(error);
  return answer?.code === 404 && Boolean(answer.status.details?.name);
}

/** The parts of a Kubernetes `Status` answer a person needs. */
interface Status {
  message?: string;
  reason?: string;
  /** Names the object for "not found"; absent when the whole API (path) is missing. */
  details?: { name?: string; kind?: string };
}

const SERVER_HINT =
  'Check that the API server is running and that the kubeconfig (RUNSHEET_KUBE_CONFIG / RUNSHEET_KUBE_CONTEXT) points at it.';

/**
 * The one place where Kubernetes API and transport errors become errors a person can act on.
 * Errors it does not recognise come back unchanged: they are bugs, for the 500 handler to log.
 */
export function translateKubernetesError(error: unknown, { server, api }: Where): unknown {
  if (error instanceof ActionError) return error;
  if (isNamed(error, 'AbortError')) {
    return new ActionError('cancelled', 'The run was cancelled before Kubernetes answered.', {
      cause: error,
    });
  }
  if (isNamed(error, 'TimeoutError')) {
    return new ActionError(
      'deadline_exceeded',
      `The API server at ${server} did not answer in time.`,
      {
        hint: 'It may be overloaded. Try again; raise kubernetes.requestTimeoutMs (RUNSHEET_KUBE_REQUEST_TIMEOUT_MS) if it keeps happening.',
        cause: error,
      },
    );
  }
  const answer = statusOf(error);
  if (!answer) {
    const transport = transportProblem(error);
    if (!transport) return error;
    return new ActionError(
      'target_unreachable',
      `The Kubernetes API server at ${server} is unreachable: ${transport}.`,
      { hint: SERVER_HINT, cause: error },
    );
  }
  const { code, status } = answer;
  const message = status.message ?? `HTTP ${code}`;
  const apiMissing = code === 404 && !status.details?.name;
  if (api === 'metrics' && (apiMissing || code === 503)) {
    return new ActionError(
      'target_error',
      apiMissing
        ? `The metrics API (metrics.k8s.io) is not installed on ${server}, so there is no CPU or memory usage to show.`
        : `The metrics API (metrics.k8s.io) on ${server} is not answering: ${message}.`,
      {
        hint: apiMissing
          ? 'Install metrics-server in the cluster (kubectl top needs it too); pod status and logs work without it.'
          : 'metrics-server is registered but down or still starting: check its pod in kube-system, or retry in a minute.',
        cause: error,
      },
    );
  }
  switch (code) {
    case 401:
      return new ActionError(
        'permission_denied',
        `The API server at ${server} did not accept Runsheet's credentials.`,
        {
          hint: 'The token or client certificate in the kubeconfig is missing, expired or revoked.',
          cause: error,
        },
      );
    case 403:
      return new ActionError('permission_denied', `Kubernetes refused: ${message}`, {
        hint: "Runsheet's service account lacks this permission: see deploy/rbac.yaml for the Role the actions need.",
        cause: error,
      });
    case 404:
      return notFound(status, message, error);
    case 409:
      return new ActionError('precondition_failed', `Kubernetes: ${message}`, {
        hint: 'Someone changed the object meanwhile: look again and retry.',
        cause: error,
      });
    case 400:
    case 422:
      return new ActionError('invalid_input', `Kubernetes rejected the request: ${message}`, {
        cause: error,
      });
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return new ActionError(
        'target_unreachable',
        `The API server at ${server} could not serve the request: ${message}`,
        {
          hint: 'The control plane may be overloaded or restarting; try again shortly.',
          cause: error,
        },
      );
    default:
      return new ActionError('target_error', `Kubernetes answered ${code}: ${message}`, {
        cause: error,
      });
  }
}

function statusOf(error: unknown): { code: number; status: Status } | undefined {
  if (!(error instanceof ApiStatusError) && !(error instanceof clientNode().ApiException))
    return undefined;
  const code = (error as { code: number }).code;
  const body: unknown = (error as { body: unknown }).body;
  let status: Status = {};
  if (typeof body === 'string' && body.trim()) {
    try {
      status = JSON.parse(body) as Status;
    } catch {
      status = { message: body.trim().slice(0, 500) };
    }
  } else if (typeof body === 'object' && body !== null) {
    status = body as Status;
  }
  return { code, status };
}

/** "connection refused (ECONNREFUSED)", from undici's `fetch failed` and its cause chain. */
function transportProblem(error: unknown): string | undefined {
  const codes: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is not trusted (self-signed)',
    SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is not trusted (self-signed CA)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
    ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate does not name this address',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  };
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && code in codes) return `${codes[code]} (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  if (error instanceof TypeError && error.message === 'fetch failed') return 'the request failed';
  return undefined;
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/** Resources the actions read, as a person names them, and where to look for the right name. */
const kinds: Record<string, { kind: string; hint: string }> = {
  pods: { kind: 'Pod', hint: 'kubernetes.pods.list shows the pods of a namespace.' },
  deployments: { kind: 'Deployment', hint: 'Check the deployment name and the namespace.' },
  services: {
    kind: 'Service',
    hint: 'kubernetes.services.list shows the services of a namespace.',
  },
  secrets: { kind: 'Secret', hint: 'Check the secret name and the namespace.' },
  replicasets: { kind: 'ReplicaSet', hint: 'Its deployment may have been rolled since.' },
  namespaces: { kind: 'Namespace', hint: 'Check the namespace name.' },
};

function notFound(status: Status, message: string, cause: unknown): ActionError {
  const known = status.details?.kind ? kinds[status.details.kind] : undefined;
  if (known && status.details?.name) {
    return new ActionError('not_found', `${known.kind} "${status.details.name}" was not found.`, {
      hint: `${known.hint} Names are exact; the namespace is set by the step or RUNSHEET_KUBE_NAMESPACE.`,
      cause,
    });
  }
  return new ActionError('not_found', `Kubernetes: ${message}`, { cause });
}
