/** The WMS workloads the fixtures install and log for: a leaf, so fixtures and their logs share it. */
export const WMS_APPS = [
  'orchestrator-worker',
  'wes-service',
  'picking-service',
  'mongodb',
] as const;
export type WmsApp = (typeof WMS_APPS)[number];
