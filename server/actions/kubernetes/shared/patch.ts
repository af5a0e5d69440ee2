import {
  PatchStrategy,
  setHeaderOptions,
  type ConfigurationOptions,
  type ObservableMiddleware,
} from '@kubernetes/client-node';

/** Per-call options that send a patch as `strategy` (the generated clients default to JSON Patch). */
export function patchAs(strategy: PatchStrategy): ConfigurationOptions<ObservableMiddleware> {
  return setHeaderOptions('Content-Type', strategy);
}

export { PatchStrategy };

/** dryRun=All: the API server runs admission and validation and answers as if it had written. */
export const DRY_RUN = 'All';
