import type { ConfigurationOptions, ObservableMiddleware } from '@kubernetes/client-node';
import { clientNode } from '../../../targets/kubernetes-client.ts';

/** How a patch's body is read: the keys of client-node's PatchStrategy. */
export type PatchStrategy = 'JsonPatch' | 'MergePatch' | 'StrategicMergePatch';

/** Per-call options that send a patch as `strategy` (the generated clients default to JSON Patch). */
export function patchAs(strategy: PatchStrategy): ConfigurationOptions<ObservableMiddleware> {
  const { setHeaderOptions, PatchStrategy } = clientNode();
  return setHeaderOptions('Content-Type', PatchStrategy[strategy]);
}

/** dryRun=All: the API server runs admission and validation and answers as if it had written. */
export const DRY_RUN = 'All';
