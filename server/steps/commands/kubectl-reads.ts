import { numberOf } from './flags.ts';
import { one, type ReadFlags } from './flag-table.ts';
import { no, ok, resource, type Target } from './kubectl-grammar.ts';
import type { Mapping } from './mapping.ts';

/** The kubectl verbs that read: `get`, `events` and `logs`. */

/** What `get KIND` lists, by kind. */
const LISTS: Record<string, string> = {
  pod: 'kubernetes.pods.list',
  service: 'kubernetes.services.list',
  deployment: 'kubernetes.deployments.list',
  event: 'kubernetes.events.list',
  replicaset: 'kubernetes.replicasets.list',
  statefulset: 'kubernetes.statefulsets.list',
  node: 'kubernetes.nodes.list',
};

export function get(
  target: Target,
  scope: object,
  selector: string | undefined,
  flags: ReadFlags,
): Mapping {
  if (target.kind === 'secret') {
    const output = one(flags, '--output');
    if (output !== undefined && !['yaml', 'json'].includes(output))
      return no(`\`-o ${output}\`: the secret step shows its keys and sizes`);
    if (!target.name) return no('name the secret: kubectl get secret NAME');
    return ok('kubernetes.secret.describe', { ...scope, name: target.name });
  }
  const action = target.kind ? LISTS[target.kind] : undefined;
  if (!action) return no(`\`kubectl get ${target.kind ?? ''}\` has no Runsheet action`);
  const subresource = one(flags, '--subresource');
  if (subresource !== undefined && (subresource !== 'status' || !target.name))
    return no(
      `\`--subresource ${subresource}\`: Runsheet reads one object's status (--subresource=status with a NAME)`,
    );
  const fieldSelector = one(flags, '--field-selector');
  // `get pod NAME` shows that pod: parseCommand refuses a name (or -A, --field-selector) that the
  // list action's schema does not take, naming it.
  return ok(action, {
    ...scope,
    ...(target.name ? { name: target.name } : {}),
    ...(selector ? { selector } : {}),
    ...(fieldSelector ? { fieldSelector } : {}),
  });
}

/** `kubectl events [--for KIND/NAME] [--types T,…] [-A]`: the events action, as kubectl lists them. */
export function events(target: Target, scope: object, flags: ReadFlags): Mapping {
  if (target.kind)
    return no(`\`${flags.positional.join(' ')}\`: name the object with --for KIND/NAME`);
  const forObject = one(flags, '--for');
  const types = (flags.values.get('--types') ?? []).flatMap((value) => value.split(','));
  const canonical = types.map((type) => EVENT_TYPES[type.toLowerCase()]);
  if (canonical.some((type) => !type))
    return no(`\`--types ${types.join(',')}\`: kubectl takes Normal and Warning`);
  return ok('kubernetes.events.list', {
    ...scope,
    ...(forObject ? { for: forObject } : {}),
    ...(canonical.length ? { types: [...new Set(canonical)] } : {}),
  });
}

/** kubectl events --types compares without case. */
const EVENT_TYPES: Record<string, string> = { normal: 'Normal', warning: 'Warning' };

export function logs(scope: object, selector: string | undefined, flags: ReadFlags): Mapping {
  // `logs POD [CONTAINER]` or `logs TYPE/NAME`: the first word is a pod unless it has a slash.
  const [first, second, ...more] = flags.positional;
  const typed = first && /\//.test(first) ? resource([first]) : null;
  if (typed && typed.kind !== 'pod') {
    return no(
      `\`kubectl logs ${first}\` reads one pod that kubectl picks: give -l with the ${typed.kind}'s labels to read its pods`,
    );
  }
  const pod = typed ? typed.name : first;
  if (more.length || (second && one(flags, '--container'))) {
    return no(`\`${flags.positional.slice(1).join(' ')}\`: one pod and one container at most`);
  }
  const container = one(flags, '--container') ?? second;
  if (pod && selector) return no('give a pod or -l SELECTOR, not both');
  if (!pod && !selector) return no('name a pod or give -l SELECTOR');
  // kubectl reads the last 10 lines of each pod when a selector picks them, all lines otherwise;
  // --tail=-1 is every line, as Runsheet reads without a tail.
  const given = one(flags, '--tail');
  const tail = given === '-1' ? null : given !== undefined ? numberOf(given) : selector ? 10 : null;
  return ok('kubernetes.pods.logs', {
    ...scope,
    ...(selector ? { selector } : { pod }),
    ...(container ? { container } : {}),
    ...(tail !== null ? { tail } : {}),
    ...(flags.values.has('--since') ? { since: one(flags, '--since') } : {}),
    ...(flags.values.has('--since-time') ? { sinceTime: one(flags, '--since-time') } : {}),
    ...(flags.switches.has('--previous') ? { previous: true } : {}),
    ...(flags.switches.has('--follow') ? { follow: true } : {}),
  });
}
