/** Reaching the sandbox cluster: kubeconfig files, kubectl, and plain HTTPS checks. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { waitUntil, type ServerProcess } from '../processes.ts';
import type { KubernetesBinaries } from '../programs/kubernetes-build.ts';
import type { Pki } from './pki.ts';
import { SandboxError } from '../programs/go-build.ts';

/** What starting a component needs to know about the cluster. */
export interface Component {
  bin: KubernetesBinaries;
  dir: string;
  kubeconfig: string;
  pki: Pki;
  kubectl: (args: string[], input?: string) => string;
  port: number;
}

/** Writes a one-context kubeconfig; `user` holds client-certificate/key paths or a token. */
export function writeKubeconfig(
  path: string,
  {
    server,
    caFile,
    user,
    namespace,
  }: { server: string; caFile: string; user: Record<string, string>; namespace?: string },
): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'runsheet-test', cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: 'runsheet-test-user', user }],
    contexts: [
      {
        name: 'runsheet-test',
        context: {
          cluster: 'runsheet-test',
          user: 'runsheet-test-user',
          ...(namespace ? { namespace } : {}),
        },
      },
    ],
    'current-context': 'runsheet-test',
  };
  // JSON is YAML: every kubeconfig reader accepts it.
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** kubectl against the cluster: for setting up fixtures, and as the benchmark's baseline. */
export function runKubectl(
  bin: KubernetesBinaries,
  kubeconfig: string,
  args: string[],
  input?: string,
): string {
  const result = spawnSync(bin.kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new SandboxError(`kubectl ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** True when GET `url` answers 200, trusting only the cluster's CA. */
export function httpsOk(url: string, caFile: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { ca: readFileSync(caFile), timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export function waitFor(
  process: ServerProcess,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  return waitUntil(ready, { timeoutMs, what, exited: process.exited });
}
