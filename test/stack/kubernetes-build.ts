/**
 * Builds the Kubernetes test cluster's programs from the Go module proxy, once, into the cache:
 * etcd, kube-apiserver, kube-controller-manager and kubectl (k8s.io/kubernetes), kwok, and
 * metrics-server. All but metrics-server come from one generated wrapper module, so the packages
 * they share (client-go, apiserver, grpc…) compile once, and so k8s.io/kubernetes builds at all: its
 * go.mod points every k8s.io/<staging> module at ./staging/…, which only exists in its own repository.
 */
import { spawnSync } from 'node:child_process';
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
import { onPath } from '../../sandbox/processes.ts';
import { CACHE_DIR, StackError } from './tools.ts';

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

/**
 * `$RUNSHEET_KUBERNETES_BIN` (a folder holding the same programs), else the cached build, made on
 * first use (20–40 min on 2 cores; `node test/stack/prepare.ts` does it ahead of the tests).
 */
export function kubernetesBinaries(): KubernetesBinaries {
  const named = process.env['RUNSHEET_KUBERNETES_BIN'];
  if (named) return binaries(named);
  const dir = join(CACHE_DIR, 'bin', stackKey);
  if (existsSync(join(dir, '.complete'))) return binaries(dir);
  buildAll(dir);
  return binaries(dir);
}

function buildAll(target: string): void {
  if (!onPath('go')) {
    throw new StackError(
      `The Kubernetes test cluster (${stackKey}) is not built and Go is not installed. Install Go ≥ 1.26 and run \`node test/stack/prepare.ts\`, or set RUNSHEET_KUBERNETES_BIN to a folder holding etcd, kube-apiserver, kube-controller-manager, kubectl, kwok and metrics-server.`,
    );
  }
  const started = Date.now();
  const src = join(CACHE_DIR, 'src', stackKey);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(join(src, 'cmd', 'etcd'), { recursive: true });
  const env = {
    ...process.env,
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod',
    CGO_ENABLED: '0',
  };
  const go = (args: string[], what: string) => {
    const result = spawnSync('go', args, {
      cwd: src,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) {
      throw new StackError(`${what} failed (go ${args.join(' ')}, exit ${result.status}).`);
    }
  };
  const goOutput = (args: string[]) => {
    const result = spawnSync('go', args, { cwd: src, env, encoding: 'utf8' });
    if (result.status !== 0) throw new StackError(`go ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };

  process.stderr.write(`Building the Kubernetes test cluster ${stackKey} (once; 20–40 min)…\n`);
  writeFileSync(join(src, 'cmd', 'etcd', 'main.go'), etcdMain);
  writeFileSync(join(src, 'go.mod'), 'module local/runsheet-kubernetes\n\ngo 1.26.0\n');
  const kubernetesGoMod = JSON.parse(
    goOutput(['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`]),
  ) as { GoMod: string };
  writeFileSync(join(src, 'go.mod'), wrapperGoMod(readFileSync(kubernetesGoMod.GoMod, 'utf8')));
  // -e: some dependencies' own tests import a package that two modules provide; nothing we build does.
  go(['mod', 'tidy', '-e'], 'Resolving the Kubernetes wrapper module');

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
    go(
      ['build', '-trimpath', '-ldflags', ldflags, '-o', `${staging}/`, ...tools],
      `Building ${tools.join(', ')}`,
    );
  build(otherTools, '-s -w');
  build(k8sTools, ['-s -w', ...versionFlags].join(' '));
  const metricsServer = spawnSync(
    'go',
    [
      'install',
      '-trimpath',
      '-ldflags',
      '-s -w',
      `sigs.k8s.io/metrics-server/cmd/metrics-server@${METRICS_SERVER_VERSION}`,
    ],
    {
      cwd: src,
      env: { ...env, GOFLAGS: '', GOBIN: staging },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (metricsServer.status !== 0) {
    throw new StackError(`Building metrics-server ${METRICS_SERVER_VERSION} failed.`);
  }

  const kwokDir = goOutput(['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok']).trim();
  copyKwokAssets(kwokDir, join(staging, 'kwok-assets'));

  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, '..'), { recursive: true });
  renameSync(staging, target);
  writeFileSync(join(target, '.complete'), `${new Date().toISOString()}\n`);
  process.stderr.write(
    `Built ${stackKey} in ${Math.round((Date.now() - started) / 1000)} s into ${target}\n`,
  );
}

/**
 * The wrapper's go.mod: the tools as `tool` lines, and every `k8s.io/<staging> => ./staging/…`
 * replacement of kubernetes' own go.mod turned into the published module at the matching version.
 */
export function wrapperGoMod(kubernetesGoMod: string): string {
  const staging = [...kubernetesGoMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\//gm)].map(
    (match) => match[1]!,
  );
  if (staging.length === 0) throw new StackError('No staging modules found in kubernetes go.mod.');
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
