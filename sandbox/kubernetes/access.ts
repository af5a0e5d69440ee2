/** Reaching the sandbox cluster: kubeconfig files, kubectl, and plain HTTPS checks. */
import { execFile } from 'node:child_process';
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
  kubectl: Kubectl;
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

/** kubectl with its kubeconfig bound: resolves to what it printed. */
export type Kubectl = (args: string[], input?: string) => Promise<string>;

/**
 * kubectl against the cluster: for setting up fixtures, and as the benchmark's baseline.
 * Asynchronous because the sandbox sets its cluster up inside the Runsheet process: a
 * synchronous `kubectl wait` would stall every request for as long as it waits.
 */
export function runKubectl(
  bin: KubernetesBinaries,
  kubeconfig: string,
  args: string[],
  input?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin.kubectl,
      [`--kubeconfig=${kubeconfig}`, ...args],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const said = stderr || stdout || error.message;
          reject(new SandboxError(`kubectl ${args.join(' ')} failed: ${said}`));
        } else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

/** runKubectl with the binaries and kubeconfig bound. */
export function kubectlFor(bin: KubernetesBinaries, kubeconfig: string): Kubectl {
  return (args, input) => runKubectl(bin, kubeconfig, args, input);
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
