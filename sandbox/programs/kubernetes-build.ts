/**
 * Builds the Kubernetes test cluster's programs from the Go module proxy, once, into the cache:
 * etcd, kube-apiserver, kube-controller-manager and kubectl (k8s.io/kubernetes), kwok, and
 * metrics-server. All but metrics-server come from one generated wrapper module, so the packages
 * they share (client-go, apiserver, grpc…) compile once, and so k8s.io/kubernetes builds at all: its
 * go.mod points every k8s.io/<staging> module at ./staging/…, which only exists in its own repository.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { go as runGo, requireGo, SandboxError, type BuildOptions } from './go-build.ts';

/** Versions that build together: kwok v0.8.0 is built against the k8s.io v0.36.1 libraries. */
export const KUBERNETES_VERSION = 'v1.36.1';
const STAGING_VERSION = 'v0.36.1';
const ETCD_VERSION = 'v3.6.8'; // what kubernetes v1.36.1 itself requires
const KWOK_VERSION = 'v0.8.0';
// Built on its own (go install), not in the wrapper: v0.9.0 needs newer kube-openapi and
// structured-merge-diff than kubernetes v1.36.1 compiles with, and v0.8.0 compiles against the v0.36
// libraries but dies at start (its generated OpenAPI names predate the v0.36 model names).
const METRICS_SERVER_VERSION = 'v0.9.0';

const stackKey = `kubernetes-${KUBERNETES_VERSION}-kwok-${KWOK_VERSION}-ms-${METRICS_SERVER_VERSION}`;

export interface KubernetesBinaries {
  dir: string;
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubectl: string;
  kwok: string;
  metricsServer: string;
  /** kwok's own resource definitions and metric templates, copied from its module at build time. */
  kwokAssets: string;
}

/** The programs in a folder laid out as the build leaves it. */
export function binaries(dir: string): KubernetesBinaries {
  return {
    dir,
    etcd: join(dir, 'etcd'),
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubectl: join(dir, 'kubectl'),
    kwok: join(dir, 'kwok'),
    metricsServer: join(dir, 'metrics-server'),
    kwokAssets: join(dir, 'kwok-assets'),
  };
}

const k8sTools = [
  'k8s.io/kubernetes/cmd/kube-apiserver',
  'k8s.io/kubernetes/cmd/kube-controller-manager',
  'k8s.io/kubernetes/cmd/kubectl',
];
const otherTools = ['sigs.k8s.io/kwok/cmd/kwok', './cmd/etcd'];

export const KUBERNETES_STACK_KEY = stackKey;

/** The cached build's folder, whether or not it is there yet. */
export function cachedKubernetesDir(cacheDir: string): string {
  return join(cacheDir, 'bin', stackKey);
}

/** The named folder (RUNSHEET_KUBERNETES_BIN), else the cached build if complete; else undefined. */
export function findKubernetesBinaries({
  named,
  cacheDir,
}: {
  named?: string | undefined;
  cacheDir: string;
}): KubernetesBinaries | undefined {
  if (named) return binaries(named);
  const dir = cachedKubernetesDir(cacheDir);
  return existsSync(join(dir, '.complete')) ? binaries(dir) : undefined;
}

export const HOW_TO_GET_KUBERNETES =
  'Set RUNSHEET_KUBERNETES_BIN to a folder holding etcd, kube-apiserver, kube-controller-manager, kubectl, kwok and metrics-server';

/** Builds in flight in this process, so two callers share one build. */
const inFlight = new Map<string, Promise<KubernetesBinaries>>();

/**
 * The named or cached programs, else built once into the cache (20–40 min on 2 cores;
 * `node test/stack/prepare.ts` does it ahead of the tests).
 */
export function kubernetesBinaries(
  options: BuildOptions & { named?: string | undefined },
): Promise<KubernetesBinaries> {
  const found = findKubernetesBinaries(options);
  if (found) return Promise.resolve(found);
  const dir = cachedKubernetesDir(options.cacheDir);
  const running = inFlight.get(dir);
  if (running) return running;
  const building = buildAll(dir, options)
    .then(() => binaries(dir))
    .finally(() => inFlight.delete(dir));
  inFlight.set(dir, building);
  return building;
}

async function buildAll(target: string, options: BuildOptions): Promise<void> {
  requireGo(`The Kubernetes sandbox cluster (${stackKey})`, HOW_TO_GET_KUBERNETES);
  const started = Date.now();
  const src = join(options.cacheDir, 'src', stackKey);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(join(src, 'cmd', 'etcd'), { recursive: true });
  const tool = { name: stackKey, version: KUBERNETES_VERSION, howElse: HOW_TO_GET_KUBERNETES };
  const go = (args: string[], env: Record<string, string> = { GOFLAGS: '-mod=mod' }) =>
    runGo(args, { cwd: src, env, tool, options });
  const goOutput = (args: string[]) =>
    runGo(args, { cwd: src, env: { GOFLAGS: '-mod=mod' }, tool, options, capture: true });
  const say = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };

  say(`Building the Kubernetes cluster ${stackKey} (once; 20–40 min)…`);
  writeFileSync(join(src, 'cmd', 'etcd', 'main.go'), etcdMain);
  writeFileSync(join(src, 'go.mod'), 'module local/runsheet-kubernetes\n\ngo 1.26.0\n');
  const kubernetesGoMod = JSON.parse(
    await goOutput(['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`]),
  ) as { GoMod: string };
  writeFileSync(join(src, 'go.mod'), wrapperGoMod(readFileSync(kubernetesGoMod.GoMod, 'utf8')));
  // -e: some dependencies' own tests import a package that two modules provide; nothing we build does.
  await go(['mod', 'tidy', '-e']);

  const staging = join(src, 'out');
  mkdirSync(staging, { recursive: true });
  const versionFlags = [
    `k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}`,
    `k8s.io/component-base/version.gitMajor=${KUBERNETES_VERSION.split('.')[0]!.slice(1)}`,
    `k8s.io/component-base/version.gitMinor=${KUBERNETES_VERSION.split('.')[1]}`,
    'k8s.io/component-base/version.gitTreeState=clean',
    `k8s.io/client-go/pkg/version.gitVersion=${KUBERNETES_VERSION}`,
    `k8s.io/client-go/pkg/version.gitMajor=${KUBERNETES_VERSION.split('.')[0]!.slice(1)}`,
    `k8s.io/client-go/pkg/version.gitMinor=${KUBERNETES_VERSION.split('.')[1]}`,
  ].map((flag) => `-X ${flag}`);
  const build = (tools: string[], ldflags: string) =>
    go(['build', '-trimpath', '-ldflags', ldflags, '-o', `${staging}/`, ...tools]);
  await build(otherTools, '-s -w');
  await build(k8sTools, ['-s -w', ...versionFlags].join(' '));
  await go(
    [
      'install',
      '-trimpath',
      '-ldflags',
      '-s -w',
      `sigs.k8s.io/metrics-server/cmd/metrics-server@${METRICS_SERVER_VERSION}`,
    ],
    { GOFLAGS: '', GOBIN: staging },
  );

  const kwokDir = (await goOutput(['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok'])).trim();
  copyKwokAssets(kwokDir, join(staging, 'kwok-assets'));

  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, '..'), { recursive: true });
  renameSync(staging, target);
  writeFileSync(join(target, '.complete'), `${new Date().toISOString()}\n`);
  say(`Built ${stackKey} in ${Math.round((Date.now() - started) / 1000)} s into ${target}`);
}

/**
 * The wrapper's go.mod: the tools as `tool` lines, and every `k8s.io/<staging> => ./staging/…`
 * replacement of kubernetes' own go.mod turned into the published module at the matching version.
 */
export function wrapperGoMod(kubernetesGoMod: string): string {
  const staging = [...kubernetesGoMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\//gm)].map(
    (match) => match[1]!,
  );
  if (staging.length === 0)
    throw new SandboxError('No staging modules found in kubernetes go.mod.');
  return [
    'module local/runsheet-kubernetes',
    '',
    'go 1.26.0',
    '',
    'require (',
    `\tk8s.io/kubernetes ${KUBERNETES_VERSION}`,
    `\tgo.etcd.io/etcd/server/v3 ${ETCD_VERSION}`,
    `\tsigs.k8s.io/kwok ${KWOK_VERSION}`,
    ')',
    '',
    'replace (',
    ...staging.map((module) => `\t${module} => ${module} ${STAGING_VERSION}`),
    ')',
    '',
    'tool (',
    ...[...k8sTools, ...otherTools.filter((tool) => !tool.startsWith('./'))].map(
      (tool) => `\t${tool}`,
    ),
    ')',
    '',
  ].join('\n');
}

/** etcd's own main module carries `replace` directives, so it is built from its server library. */
const etcdMain = `package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
`;

function copyKwokAssets(kwokDir: string, target: string): void {
  mkdirSync(target, { recursive: true });
  const assets = {
    'logs-crd.yaml': 'kustomize/crd/bases/kwok.x-k8s.io_logs.yaml',
    'clusterlogs-crd.yaml': 'kustomize/crd/bases/kwok.x-k8s.io_clusterlogs.yaml',
    'metrics-resource.yaml': 'kustomize/metrics/resource/metrics-resource.yaml',
    'usage-from-annotation.yaml': 'kustomize/metrics/usage/usage-from-annotation.yaml',
    'node-initialize.yaml': 'kustomize/stage/node/fast/node-initialize.yaml',
    'pod-complete.yaml': 'kustomize/stage/pod/fast/pod-complete.yaml',
    'pod-delete.yaml': 'kustomize/stage/pod/fast/pod-delete.yaml',
  };
  for (const [name, path] of Object.entries(assets))
    cpSync(join(kwokDir, path), join(target, name));
}
