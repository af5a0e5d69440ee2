import { numberOf, readFlags } from './flags.ts';
import { mapMongo } from './mongo.ts';
import type { Mapping } from './mapping.ts';

const ALIASES = {
  '-l': 'selector',
  '-n': 'namespace',
  '-o': 'output',
  '-p': 'previous',
  '-c': 'container',
};
const BARE = ['previous', 'follow', 'f', 'it', 'i', 't', 'all-namespaces', 'A'];

/** `kubectl …` → the Kubernetes action that does the same, or why there is none. */
export function mapKubectl(words: string[]): Mapping {
  const split = words.indexOf('--');
  const inner = split >= 0 ? words.slice(split + 1) : [];
  const flags = readFlags(split >= 0 ? words.slice(0, split) : words, ALIASES, BARE);
  const [verb, kind, name] = flags.positional;
  const namespace = flags.values.get('namespace');
  const scope = { ...(namespace ? { namespace } : {}) };
  const selector = flags.values.get('selector');
  const target = selector ? { selector } : {};
  const deployment = (ref: string | undefined) =>
    ref?.replace(/^(deployment|deploy|deployments)\//, '');

  switch (`${verb} ${kind ?? ''}`.trim()) {
    case 'get pods':
    case 'get pod':
      return ok('kubernetes.pods.list', { ...scope, ...target });
    case 'get svc':
    case 'get services':
    case 'get service':
      return ok('kubernetes.services.list', { ...scope, ...target });
    case 'get secret':
      return ok('kubernetes.secret.describe', { ...scope, name });
    case 'top pods':
    case 'top pod':
      return ok('kubernetes.pods.top', { ...scope, ...target, ...(name ? { pod: name } : {}) });
    case 'describe pod':
      return ok('kubernetes.pod.events', { ...scope, pod: name });
    case 'delete pod':
      return ok('kubernetes.pod.restart', { ...scope, pod: name });
    case `rollout status`:
      return ok('kubernetes.deployment.rolloutStatus', { ...scope, name: deployment(name) });
    case `rollout undo`:
      return ok('kubernetes.deployment.rollback', {
        ...scope,
        name: deployment(name),
        ...(flags.values.has('to-revision')
          ? { toRevision: numberOf(flags.values.get('to-revision')) }
          : {}),
      });
    case `edit deployment`:
      return {
        ok: false,
        reason:
          'editing a deployment in a text editor is not a reviewable step: kubernetes.deployment.setResources changes requests and limits with a dry-run preview',
      };
  }
  if (verb === 'scale') {
    return ok('kubernetes.deployment.scale', {
      ...scope,
      name: deployment(kind),
      replicas: numberOf(flags.values.get('replicas')),
    });
  }
  if (verb === 'logs') {
    return ok('kubernetes.pods.logs', {
      ...scope,
      ...(selector ? { selector } : { pod: kind }),
      ...(flags.values.has('tail') ? { tail: numberOf(flags.values.get('tail')) } : {}),
      ...(flags.values.has('since') ? { since: flags.values.get('since') } : {}),
      ...(flags.switches.has('previous') ? { previous: true } : {}),
      ...(flags.switches.has('follow') || flags.switches.has('f') ? { follow: true } : {}),
    });
  }
  if (verb === 'wait') {
    return {
      ok: false,
      reason: 'kubernetes.pod.restart already waits until the replacement pod is Ready',
    };
  }
  if (verb === 'exec') return mapExec(inner, scope);
  return { ok: false, reason: `\`kubectl ${verb ?? ''} ${kind ?? ''}\` has no Runsheet action` };
}

/** `kubectl exec … -- wget/nc/curl/mongo …`: the probe or query, run from the backend instead. */
function mapExec(inner: string[], scope: object): Mapping {
  const words = inner[0] === 'time' ? inner.slice(1) : inner;
  const [program, ...args] = words;
  if (program === 'mongo' || program === 'mongosh') return mapMongo(words);
  const url = args.find((arg) => !arg.startsWith('-'));
  if ((program === 'wget' || program === 'curl') && url) {
    const parsed = new URL(/^https?:\/\//.test(url) ? url : `http://${url}`);
    return ok('kubernetes.connectivity.check', {
      ...scope,
      service: parsed.hostname,
      ...(parsed.port ? { port: Number(parsed.port) } : {}),
      protocol: 'http',
      path: parsed.pathname,
    });
  }
  if (program === 'nc') {
    const [host, port] = args.filter((arg) => !arg.startsWith('-'));
    return ok('kubernetes.connectivity.check', {
      ...scope,
      service: host,
      port: Number(port),
      protocol: 'tcp',
    });
  }
  return {
    ok: false,
    reason: `running \`${program ?? ''}\` inside a pod is not something Runsheet does`,
  };
}

const ok = (action: string, input: Record<string, unknown>): Mapping => ({
  ok: true,
  action,
  input,
});
