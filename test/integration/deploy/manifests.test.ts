import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAllYaml } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import { kubectl } from '../../support/kubernetes.ts';

const deploy = fileURLToPath(new URL('../../../deploy/', import.meta.url));
const manifestDir = join(deploy, 'kubernetes');
const read = (path: string) => readFileSync(join(deploy, path), 'utf8');
const namespace = `deploy-${randomBytes(3).toString('hex')}`;

/** rbac.yaml names the wms namespace (the access test applies it elsewhere the same way). */
const rbac = () => read('rbac.yaml').replaceAll('namespace: wms', `namespace: ${namespace}`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, checked field by field below
type Manifest = any;
const manifests: Manifest[] = readdirSync(manifestDir)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => loadAllYaml(readFileSync(join(manifestDir, file), 'utf8')) as Manifest[]);
const byKind = (kind: string) => manifests.find((manifest) => manifest.kind === kind);

/** The ENV lines of the runtime stage of the Containerfile, as the image sets them. */
function imageEnv(): Record<string, string> {
  const runtime = read('Containerfile')
    .split(/^FROM /m)
    .at(-1)!;
  const block = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)![1]!.replace(/\\\n/g, ' ');
  return Object.fromEntries(
    [...block.matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1]!, match[2]!]),
  );
}

beforeAll(async () => {
  await kubectl(['create', 'namespace', namespace]);
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', namespace, '--wait=false']);
});

describe('deploy/: the manifests', () => {
  it('are accepted by the real API server (server-side dry run, strict field validation)', async () => {
    const output = await kubectl(
      [
        'apply',
        '--dry-run=server',
        '--validate=strict',
        '-n',
        namespace,
        '-f',
        manifestDir,
        '-f',
        '-',
      ],
      rbac(),
    );
    // The cluster-wide ClusterRole and its binding exist already when another test file applied
    // deploy/rbac.yaml to the shared cluster: the dry run then says "unchanged", not "created".
    const accepted = output.split('\n').filter(Boolean);
    expect(
      accepted.every((line) => / (created|configured|unchanged) \(server dry run\)$/.test(line)),
    ).toBe(true);
    expect(accepted.map((line) => line.split(' ')[0]).sort()).toEqual(
      [
        'clusterrole.rbac.authorization.k8s.io/runsheet-nodes',
        'clusterrolebinding.rbac.authorization.k8s.io/runsheet-nodes',
        'configmap/runsheet-config',
        'deployment.apps/runsheet',
        'role.rbac.authorization.k8s.io/runsheet',
        'rolebinding.rbac.authorization.k8s.io/runsheet',
        'service/runsheet',
        'serviceaccount/runsheet',
      ].sort(),
    );
    const secret = await kubectl(
      ['apply', '--dry-run=server', '--validate=strict', '-n', namespace, '-f', '-'],
      read('secret.example.yaml'),
    );
    expect(secret.trim()).toBe('secret/runsheet created (server dry run)');
  });

  it('would be refused if a field were misspelt: the dry run checks, it does not just parse', async () => {
    const broken = read('kubernetes/deployment.yaml').replace(
      'readOnlyRootFilesystem',
      'readOnlyRootFileSystem',
    );
    await expect(
      kubectl(
        ['apply', '--dry-run=server', '--validate=strict', '-n', namespace, '-f', '-'],
        broken,
      ),
    ).rejects.toThrow(
      /unknown field "spec.template.spec.containers\[0\].securityContext.readOnlyRootFileSystem"/,
    );
  });

  it('run as non-root on a read-only root filesystem, probed on /api/health and /api/ready', () => {
    const deployment = byKind('Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(pod.serviceAccountName).toBe('runsheet');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(read('Containerfile')).toMatch(/^USER 1000:1000$/m);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/ready', port: 'http' });
    expect(container.ports).toEqual([
      { name: 'http', containerPort: Number(imageEnv()['RUNSHEET_PORT']) },
    ]);
    // Every secret value comes from the Secret the example describes; none is written inline.
    const fromSecrets = container.env.filter((variable: Manifest) => variable.valueFrom);
    expect(fromSecrets.map((variable: Manifest) => variable.valueFrom.secretKeyRef.name)).toEqual([
      'runsheet',
      'runsheet',
      'runsheet',
    ]);
    expect(container.env.filter((variable: Manifest) => 'value' in variable)).toEqual([
      { name: 'RUNSHEET_CONFIG', value: '/etc/runsheet/runsheet.config.json' },
    ]);
  });

  it('hold a runsheet.config.json that Runsheet accepts, with the image and Deployment settings', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'runsheet-deploy-')), 'runsheet.config.json');
    writeFileSync(file, byKind('ConfigMap').data['runsheet.config.json']);
    const config = loadConfig({
      ...imageEnv(),
      RUNSHEET_CONFIG: file,
      RUNSHEET_AUDIT_MONGO_URI: 'mongodb://runsheet:pw@mongodb.wms:27017/?authSource=admin',
      RUNSHEET_TEMPORAL_API_KEY: 'key',
    });
    expect(config).toMatchObject({
      server: { host: '0.0.0.0', port: 8080, siteDir: '/app/dist' },
      environment: 'production',
      audit: { store: 'mongodb' },
      identity: { mode: 'token' },
      sandbox: { mode: 'off' },
      kubernetes: { inCluster: true, namespace: 'wms' },
    });
  });
});
