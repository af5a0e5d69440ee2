import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import type {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  Middleware,
  VersionApi,
} from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { Caller } from './caller.ts';
import type { KubernetesConfig } from '../config.ts';
import { ActionError } from '../errors.ts';
import { clientNode } from './kubernetes-client.ts';
import { ApiStatusError, translateKubernetesError } from './kubernetes-errors.ts';

/** The API groups the actions use, each bound to the caller's abort signal and the request deadline. */
export interface KubeApi {
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  discovery: DiscoveryV1Api;
  version: VersionApi;
  /** The namespace a step acts in when it names none. */
  namespace: string;
  /**
   * GET a streaming endpoint (pod logs), with the same credentials and TLS settings as every other
   * call. The deadline covers the response headers only: the body may flow for as long as the
   * caller's signal allows.
   */
  stream(
    path: string,
    query: URLSearchParams,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>>;
}

export interface KubernetesTarget {
  /** False when no kubeconfig was found and Runsheet is not running in a cluster. */
  readonly configured: boolean;
  /** The API server URL (what error messages and /api/ready name). */
  readonly address: string;
  readonly namespace: string;
  /** Runs `fn` with API clients; transport and API errors come out as ActionErrors. */
  call<T>(caller: Caller, fn: (kube: KubeApi) => Promise<T>, options?: CallOptions): Promise<T>;
  /** GET /version; throws an ActionError when the API server does not answer. */
  check(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface CallOptions {
  /**
   * What the call reads, for clearer errors: `metrics` turns "the server could not find the
   * requested resource" into "the metrics API is not installed".
   */
  api?: 'metrics';
}

const NOT_CONFIGURED_HINT =
  'Set RUNSHEET_KUBE_CONFIG (or KUBECONFIG) to a kubeconfig file, optionally RUNSHEET_KUBE_CONTEXT, or RUNSHEET_KUBE_IN_CLUSTER=true when Runsheet runs in the cluster.';

export function createKubernetesTarget(config: KubernetesConfig): KubernetesTarget {
  const configured = Boolean(config.kubeconfig) || config.inCluster;
  let loaded: { kc: KubeConfig; server: string } | undefined;

  // Reading the kubeconfig is cheap and local; it happens on first use so a broken file is reported
  // as the answer to a step rather than stopping the whole server.
  function kubeConfig(): { kc: KubeConfig; server: string } {
    if (loaded) return loaded;
    if (!configured) {
      throw new ActionError('target_not_configured', 'Kubernetes is not configured.', {
        hint: NOT_CONFIGURED_HINT,
      });
    }
    const kc = new (clientNode().KubeConfig)();
    try {
      if (config.inCluster) kc.loadFromCluster();
      else loadKubeconfigFiles(kc, config.kubeconfig!);
      if (config.context) kc.setCurrentContext(config.context);
    } catch (error) {
      throw new ActionError(
        'target_not_configured',
        `The Kubernetes configuration cannot be used: ${(error as Error).message}`,
        { hint: NOT_CONFIGURED_HINT, cause: error },
      );
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) {
      throw new ActionError(
        'target_not_configured',
        `The kubeconfig has no cluster for context "${kc.getCurrentContext()}".`,
        { hint: 'Set RUNSHEET_KUBE_CONTEXT to a context of the kubeconfig.' },
      );
    }
    loaded = { kc, server: cluster.server };
    return loaded;
  }

  const address = configured ? safeServer() : '(not configured)';
  function safeServer(): string {
    try {
      return kubeConfig().server;
    } catch {
      return config.inCluster ? 'in-cluster' : config.kubeconfig!;
    }
  }

  function api(signal: AbortSignal): KubeApi {
    const { kc, server } = kubeConfig();
    const {
      AppsV1Api,
      CoreV1Api,
      createConfiguration,
      CustomObjectsApi,
      DiscoveryV1Api,
      HttpMethod,
      RequestContext,
      ServerConfiguration,
      VersionApi,
    } = clientNode();
    const deadline: Middleware = {
      async pre(request) {
        request.setSignal(AbortSignal.any([signal, AbortSignal.timeout(config.requestTimeoutMs)]));
        return request;
      },
      post: async (response) => response,
    };
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [deadline],
    });
    return {
      core: new CoreV1Api(configuration),
      apps: new AppsV1Api(configuration),
      custom: new CustomObjectsApi(configuration),
      discovery: new DiscoveryV1Api(configuration),
      version: new VersionApi(configuration),
      namespace: config.namespace,
      async stream(path, query, streamSignal = signal) {
        const url = `${server}${path}?${query}`;
        const request = new RequestContext(url, HttpMethod.GET);
        await kc.applySecurityAuthentication(request);
        const headersDeadline = AbortSignal.timeout(config.requestTimeoutMs);
        const controller = new AbortController();
        const abort = () => controller.abort(streamSignal.reason);
        streamSignal.addEventListener('abort', abort, { once: true });
        const onDeadline = () => controller.abort(headersDeadline.reason);
        headersDeadline.addEventListener('abort', onDeadline, { once: true });
        try {
          const dispatcher = request.getDispatcher();
          const response = await fetch(url, {
            headers: request.getHeaders(),
            ...(dispatcher ? { dispatcher } : {}),
            signal: controller.signal,
          });
          if (!response.ok || !response.body) {
            throw new ApiStatusError(response.status, await response.text());
          }
          return response.body as ReadableStream<Uint8Array>;
        } finally {
          headersDeadline.removeEventListener('abort', onDeadline);
        }
      },
    };
  }

  async function call<T>(
    { signal }: Caller,
    fn: (kube: KubeApi) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    const { server } = kubeConfig();
    try {
      return await fn(api(signal));
    } catch (error) {
      throw translateKubernetesError(error, { server, ...options });
    }
  }

  return {
    configured,
    address,
    namespace: config.namespace,
    call,
    check: (signal) =>
      call({ signal }, async (kube) => {
        await kube.version.getCode();
      }),
    async close() {
      // Connections belong to undici's dispatchers, cached per cluster and user; dropping the
      // config lets them go. Idempotent.
      loaded = undefined;
    },
  };
}

/** Like kubectl: the first file wins for the current context; later files add what it lacks. */
function loadKubeconfigFiles(kc: KubeConfig, paths: string): void {
  const files = paths.split(delimiter).filter((path) => path && existsSync(path));
  kc.loadFromFile(files[0]!);
  for (const file of files.slice(1)) {
    const more = new (clientNode().KubeConfig)();
    more.loadFromFile(file);
    kc.mergeConfig(more, true);
  }
}
