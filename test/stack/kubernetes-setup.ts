import type { TestProject } from 'vitest/node';
import { installWmsFixtures } from '../../sandbox/kubernetes/fixtures.ts';
import { startKubernetes } from './servers.ts';

export interface ProvidedKubernetes {
  server: string;
  /** The administrator's kubeconfig (client certificate in system:masters), for fixtures and checks. */
  kubeconfig: string;
  caFile: string;
  /** The run's folder: certificates, kubeconfigs, log files. */
  dir: string;
  etcd: string;
  binDir: string;
  /** The shared WMS fixtures: namespace `wms`, read by tests that change nothing. */
  namespace: string;
  secretValues: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubernetes: ProvidedKubernetes;
  }
}

/** Starts the Kubernetes test cluster with the WMS fixtures in `wms`, and stops it after the run. */
export default async function setup(project: TestProject) {
  const cluster = await startKubernetes();
  try {
    const wms = await installWmsFixtures(cluster, 'wms');
    project.provide('kubernetes', {
      server: cluster.server,
      kubeconfig: cluster.kubeconfig,
      caFile: cluster.caFile,
      dir: cluster.dir,
      etcd: cluster.etcd,
      binDir: cluster.binaries.dir,
      namespace: wms.namespace,
      secretValues: wms.secretValues,
    });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return () => cluster.stop();
}
