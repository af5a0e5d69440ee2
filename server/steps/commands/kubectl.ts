import { numberOf } from './flags.ts';
import { one, readTable, type ReadFlags } from './flag-table.ts';
import { KUBECTL } from './kubectl-flags.ts';
import { dryRun, no, ok, resource, type Target } from './kubectl-grammar.ts';
import { events, get, logs } from './kubectl-reads.ts';
import { mapMongo } from './mongo.ts';
import type { Mapping } from './mapping.ts';

/** kubectl's global flags that take a value, so `kubectl --context c get pods` finds `get`. */
const VALUED_GLOBALS =
  /^(-n|--namespace|--context|--kubeconfig|--cluster|--user|-s|--server|--token|--as|--as-group|--request-timeout)$/;

/** `kubectl …` → the Kubernetes action that does exactly the same, or why there is none. */
export function mapKubectl(words: string[]): Mapping {
  const split = words.indexOf('--');
  const inner = split >= 0 ? words.slice(split + 1) : [];
  const head = split >= 0 ? words.slice(0, split) : words;
  // The verb is the first word that is not a flag or a global flag's value (`-n ns get pods`).
  const verbAt = head.findIndex(
    (word, index) => !word.startsWith('-') && !VALUED_GLOBALS.test(head[index - 1] ?? ''),
  );
  const verb = head[verbAt] ?? '';
  const sub =
    verb === 'rollout' ? head.slice(verbAt + 1).find((word) => !word.startsWith('-')) : undefined;
  const key = sub ? `${verb} ${sub}` : verb;
  const secret =
    verb === 'get' &&
    /^secrets?$/.test(head.slice(verbAt + 1).find((w) => !w.startsWith('-')) ?? '');
  const tableKey = secret ? 'get secret' : key;
  const table = KUBECTL[tableKey];
  if (verb === 'edit') {
    const edited = resource(head.slice(verbAt + 1).filter((word) => !word.startsWith('-'))).kind;
    return no(
      `editing a${edited === 'deployment' ? ' deployment' : 'n object'} in a text editor is not a reviewable step: kubernetes.deployment.setResources changes requests and limits with a dry-run preview`,
    );
  }
  if (verb === 'wait')
    return no('kubernetes.pod.restart already waits until the replacement pod is Ready');
  if (!table) return no(`\`kubectl ${key}\` has no Runsheet action`);
  const words2 = [...head.slice(0, verbAt), ...head.slice(verbAt + 1)].filter(
    (word) => word !== sub,
  );
  const read = readTable(words2, table, `\`kubectl ${key}\` in Runsheet`);
  if (!read.ok) return no(read.reason);
  const flags = read.flags;
  const namespace = one(flags, '--namespace');
  const scope = {
    ...(namespace ? { namespace } : {}),
    ...(flags.switches.has('--all-namespaces') ? { allNamespaces: true } : {}),
  };
  const selector = one(flags, '--selector');
  const target = resource(flags.positional);
  if (verb === 'exec') return mapExec(inner, scope);
  // `--dry-run server`: kubectl's flag takes its value only after `=`, so `server` is a name.
  const strategy = words2[words2.indexOf('--dry-run') + 1] ?? '';
  if (words2.includes('--dry-run') && /^(client|server|none)$/.test(strategy)) {
    return no(
      `\`--dry-run ${strategy}\`: kubectl reads \`${strategy}\` as an object's name, not the kind of dry run: write --dry-run=${strategy}`,
    );
  }
  if (target.extra.length && verb !== 'logs') {
    return no(`\`${target.extra.join(' ')}\`: Runsheet runs a step on one object at a time`);
  }
  return dryRun(mapVerb(key, target, scope, selector, flags), one(flags, '--dry-run'));
}

/** The verb's action, once its flags are read and its object is one. */
function mapVerb(
  key: string,
  target: Target,
  scope: Record<string, unknown>,
  selector: string | undefined,
  flags: ReadFlags,
): Mapping {
  switch (key) {
    case 'get':
      return get(target, scope, selector, flags);
    case 'describe':
      if (target.kind === 'pod' && target.name)
        return ok('kubernetes.pod.describe', { ...scope, name: target.name });
      if (target.kind === 'deployment' && target.name) {
        return ok('kubernetes.deployment.describe', { ...scope, name: target.name });
      }
      return no(
        `\`kubectl describe ${target.kind ?? ''}\` has no Runsheet action (pods and deployments by name)`,
      );
    case 'logs':
      return logs(scope, selector, flags);
    case 'events':
      return events(target, scope, flags);
    case 'top':
      if (target.kind !== 'pod')
        return no(`\`kubectl top ${target.kind ?? ''}\` has no Runsheet action (top pod)`);
      return ok('kubernetes.pods.top', {
        ...scope,
        ...(selector ? { selector } : {}),
        ...(target.name ? { pod: target.name } : {}),
      });
    case 'scale':
      return deploymentVerb(target, 'scale', () =>
        ok('kubernetes.deployment.scale', {
          ...scope,
          name: target.name,
          replicas: numberOf(one(flags, '--replicas')),
        }),
      );
    case 'rollout undo':
      return deploymentVerb(target, 'rollout undo', () =>
        ok('kubernetes.deployment.rollback', {
          ...scope,
          name: target.name,
          ...(flags.values.has('--to-revision')
            ? { toRevision: numberOf(one(flags, '--to-revision')) }
            : {}),
        }),
      );
    case 'rollout status': {
      const timeout = one(flags, '--timeout');
      const seconds = timeout === undefined ? undefined : durationSeconds(timeout);
      if (seconds === null)
        return no(`\`--timeout ${timeout}\` is not a duration such as 5m or 300s`);
      return deploymentVerb(target, 'rollout status', () =>
        ok('kubernetes.deployment.rolloutStatus', {
          ...scope,
          name: target.name,
          ...(seconds ? { timeoutSeconds: seconds } : {}),
        }),
      );
    }
    case 'rollout history':
      return deploymentVerb(target, 'rollout history', () =>
        ok('kubernetes.deployment.history', {
          ...scope,
          name: target.name,
          ...(flags.values.has('--revision')
            ? { revision: numberOf(one(flags, '--revision')) }
            : {}),
        }),
      );
    case 'rollout restart':
      return deploymentVerb(target, 'rollout restart', () =>
        ok('kubernetes.deployment.restart', { ...scope, name: target.name }),
      );
    case 'delete':
      if (target.kind !== 'pod' || !target.name) {
        return no(
          `\`kubectl delete ${target.kind ?? ''}\` has no Runsheet action (delete pod NAME restarts one pod)`,
        );
      }
      return ok('kubernetes.pod.restart', { ...scope, pod: target.name });
  }
  return no(`\`kubectl ${key}\` has no Runsheet action`);
}

/** A verb that acts on a deployment: the kind is checked, so a daemonset is never taken for one. */
function deploymentVerb(target: Target, verb: string, map: () => Mapping): Mapping {
  if (!target.kind) return no(`name the deployment: kubectl ${verb} deployment NAME`);
  if (target.kind !== 'deployment') {
    return no(`\`kubectl ${verb}\` of a ${target.kind} has no Runsheet action (deployments only)`);
  }
  if (!target.name) return no(`name the deployment: kubectl ${verb} deployment NAME`);
  return map();
}

/** `5m`, `300s`, `1h` → seconds; a placeholder stays; anything else is null. */
function durationSeconds(text: string): number | null {
  const match = /^(\d+)(s|m|h)?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
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
  return no(`running \`${program ?? ''}\` inside a pod is not something Runsheet does`);
}
