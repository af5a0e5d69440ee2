import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  discoveredKubeconfig,
  loadConfig,
  sandboxSystems,
} from '../../../server/config.ts';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'runsheet-config-'));

function withFile(contents: string): string {
  const dir = emptyDir();
  writeFileSync(join(dir, 'runsheet.config.json'), contents);
  return dir;
}

describe('loadConfig', () => {
  it('runs on the embedded defaults with nothing configured: the sandbox stands in for Temporal', () => {
    expect(loadConfig({}, emptyDir())).toMatchObject({
      server: { host: '127.0.0.1', port: 4321, siteDir: 'dist' },
      logLevel: 'info',
      audit: { store: 'sqlite', sqlitePath: 'data/audit.db' },
      identity: {
        mode: 'local',
        localUser: `${userInfo().username}@${hostname()}`,
        localRole: 'admin',
      },
      policy: { readOnly: false, disabledActions: [], twoPersonRule: false },
      temporal: { namespace: 'default', connectTimeoutMs: 5000, rpcTimeoutMs: 10000 },
      sandbox: { mode: 'auto' },
      mongo: { connectTimeoutMs: 5000, serverSelectionTimeoutMs: 5000, operationTimeoutMs: 10000 },
      kubernetes: { inCluster: false, namespace: 'wms', requestTimeoutMs: 10000 },
    });
  });

  it('reads runsheet.config.json, and RUNSHEET_* variables win over it', () => {
    const dir = withFile(
      JSON.stringify({ temporal: { address: 'temporal:7233', namespace: 'wms' } }),
    );
    const config = loadConfig(
      { RUNSHEET_TEMPORAL_NAMESPACE: 'wms-staging', RUNSHEET_PORT: '8080' },
      dir,
    );
    expect(config.temporal).toMatchObject({ address: 'temporal:7233', namespace: 'wms-staging' });
    expect(config.server.port).toBe(8080);
  });

  it('refuses an unknown RUNSHEET_ variable, naming it and listing the known ones', () => {
    expect(() => loadConfig({ RUNSHEET_TEMPORAL_ADRESS: 'x:1' }, emptyDir())).toThrow(
      /^Unknown setting RUNSHEET_TEMPORAL_ADRESS\. Known RUNSHEET_\* variables: .*RUNSHEET_TEMPORAL_ADDRESS/,
    );
  });

  it('refuses a bad value, naming the variable and the key', () => {
    expect(() => loadConfig({ RUNSHEET_PORT: 'eighty' }, emptyDir())).toThrow(
      'Invalid configuration. RUNSHEET_PORT (server.port): Invalid input: expected number, received NaN',
    );
  });

  it('refuses an unknown key in the file, naming the file and the key', () => {
    const dir = withFile(JSON.stringify({ temporal: { adress: 'x:1' } }));
    expect(() => loadConfig({}, dir)).toThrow(
      `Invalid configuration. ${join(dir, 'runsheet.config.json')}: temporal: Unrecognized key: "adress"`,
    );
  });

  it('refuses a TLS file that does not exist', () => {
    expect(() => loadConfig({ RUNSHEET_TEMPORAL_TLS_CA: '/nowhere/ca.pem' }, emptyDir())).toThrow(
      'RUNSHEET_TEMPORAL_TLS_CA (temporal.tls.caFile): file not found',
    );
  });

  it('explains a config file that is not JSON, or a RUNSHEET_CONFIG that names nothing', () => {
    expect(() => loadConfig({}, withFile('{ temporal: '))).toThrow(
      /runsheet\.config\.json is not valid JSON/,
    );
    expect(() => loadConfig({ RUNSHEET_CONFIG: 'missing.json' }, emptyDir())).toThrow(
      /RUNSHEET_CONFIG names .*missing\.json, which does not exist/,
    );
    expect(() => loadConfig({}, withFile('[1]'))).toThrow(ConfigError);
  });

  it('reads the MongoDB target from RUNSHEET_MONGO_* variables', () => {
    const dir = emptyDir();
    const passwordFile = join(dir, 'mongo-password');
    writeFileSync(passwordFile, 'from-a-file\n');
    const config = loadConfig(
      {
        RUNSHEET_MONGO_URI: 'mongodb://runsheet@mongodb.wms:27017/?authSource=admin',
        RUNSHEET_MONGO_PASSWORD_FILE: passwordFile,
        RUNSHEET_MONGO_SERVER_SELECTION_TIMEOUT_MS: '2000',
      },
      dir,
    );
    expect(config.mongo).toEqual({
      uri: 'mongodb://runsheet@mongodb.wms:27017/?authSource=admin',
      passwordFile,
      connectTimeoutMs: 5000,
      serverSelectionTimeoutMs: 2000,
      operationTimeoutMs: 10000,
    });
  });

  it('refuses a MongoDB URI it cannot parse without repeating it (it may hold a password)', () => {
    const run = () =>
      loadConfig({ RUNSHEET_MONGO_URI: 'mongo://runsheet:hunter2-secret@db:27017' }, emptyDir());
    expect(run).toThrow(
      'Invalid configuration. RUNSHEET_MONGO_URI (mongo.uri): not a MongoDB connection string (expected mongodb://host:port/… or mongodb+srv://host/…)',
    );
    expect(run).not.toThrow(/hunter2/);
  });

  it('refuses a password and a password file together, and a password file that is missing', () => {
    expect(() =>
      loadConfig(
        {
          RUNSHEET_MONGO_URI: 'mongodb://db:27017',
          RUNSHEET_MONGO_PASSWORD: 'x',
          RUNSHEET_MONGO_PASSWORD_FILE: join(withFile('{}'), 'runsheet.config.json'),
        },
        emptyDir(),
      ),
    ).toThrow(
      'RUNSHEET_MONGO_PASSWORD_FILE (mongo.passwordFile): set password or passwordFile, not both',
    );
    expect(() =>
      loadConfig({ RUNSHEET_MONGO_PASSWORD_FILE: '/nowhere/password' }, emptyDir()),
    ).toThrow('RUNSHEET_MONGO_PASSWORD_FILE (mongo.passwordFile): file not found');
  });
  describe('the kubernetes section', () => {
    const kubeconfigIn = (dir: string) => {
      const path = join(dir, 'config');
      writeFileSync(path, 'apiVersion: v1\nkind: Config\n');
      return path;
    };

    it('uses $KUBECONFIG as kubectl does when the sandbox is off, and RUNSHEET_KUBE_CONFIG over it', () => {
      const dir = emptyDir();
      const fromKubectl = kubeconfigIn(mkdtempSync(join(dir, 'a-')));
      const own = kubeconfigIn(mkdtempSync(join(dir, 'b-')));
      const off = { RUNSHEET_SANDBOX: 'off' };
      expect(loadConfig({ ...off, KUBECONFIG: fromKubectl }, dir).kubernetes.kubeconfig).toBe(
        fromKubectl,
      );
      expect(
        loadConfig({ ...off, KUBECONFIG: fromKubectl, RUNSHEET_KUBE_CONFIG: own }, dir).kubernetes
          .kubeconfig,
      ).toBe(own);
      expect(
        loadConfig({ KUBECONFIG: fromKubectl, RUNSHEET_KUBE_CONFIG: own }, dir).kubernetes
          .kubeconfig,
      ).toBe(own);
    });

    it('falls back to ~/.kube/config, and leaves Kubernetes unconfigured without one', () => {
      const home = emptyDir();
      expect(
        loadConfig({ HOME: home, RUNSHEET_SANDBOX: 'off' }, home).kubernetes.kubeconfig,
      ).toBeUndefined();
      const kube = join(home, '.kube');
      mkdirSync(kube);
      const path = kubeconfigIn(kube);
      expect(loadConfig({ HOME: home, RUNSHEET_SANDBOX: 'off' }, home).kubernetes.kubeconfig).toBe(
        path,
      );
      // Configured Temporal: no sandbox runs, so the cluster kubectl uses is the one meant.
      expect(
        loadConfig({ HOME: home, RUNSHEET_TEMPORAL_ADDRESS: 'temporal:7233' }, home).kubernetes
          .kubeconfig,
      ).toBe(path);
    });

    it('never takes a found kubeconfig while the sandbox runs: the sandbox acts only on what it started', () => {
      const home = emptyDir();
      mkdirSync(join(home, '.kube'));
      const path = kubeconfigIn(join(home, '.kube'));
      for (const mode of [undefined, 'auto', 'temporal']) {
        const env = { HOME: home, KUBECONFIG: path, ...(mode ? { RUNSHEET_SANDBOX: mode } : {}) };
        const config = loadConfig(env, home);
        expect(config.kubernetes.kubeconfig).toBeUndefined();
        expect(config.kubernetes.inCluster).toBe(false);
        expect(sandboxSystems(config).length).toBeGreaterThan(0);
      }
      expect(discoveredKubeconfig({ HOME: home })).toBe(path);
    });

    it('runs the whole world with no target configured, Temporal alone on request, nothing beside a real target', () => {
      const dir = emptyDir();
      const kubeconfig = kubeconfigIn(mkdtempSync(join(dir, 'k-')));
      const systems = (env: Record<string, string>) => sandboxSystems(loadConfig(env, dir));
      expect(systems({})).toEqual(['temporal', 'kubernetes', 'mongo']);
      expect(systems({ RUNSHEET_SANDBOX: 'temporal' })).toEqual(['temporal']);
      expect(systems({ RUNSHEET_SANDBOX: 'off' })).toEqual([]);
      expect(systems({ RUNSHEET_MONGO_URI: 'mongodb://db:27017/' })).toEqual([]);
      expect(systems({ RUNSHEET_KUBE_CONFIG: kubeconfig })).toEqual([]);
      expect(systems({ RUNSHEET_KUBE_IN_CLUSTER: 'true' })).toEqual([]);
      expect(systems({ RUNSHEET_SANDBOX: 'temporal', RUNSHEET_KUBE_CONFIG: kubeconfig })).toEqual([
        'temporal',
      ]);
      expect(
        systems({ RUNSHEET_SANDBOX: 'temporal', RUNSHEET_TEMPORAL_ADDRESS: 't:7233' }),
      ).toEqual([]);
    });

    it('reads the named opt-in that lets real targets count as sandbox', () => {
      const config = loadConfig({ RUNSHEET_SANDBOX_REAL_TARGETS: 'kubernetes, mongo' }, emptyDir());
      expect(config.sandbox.realTargetsAsSandbox).toEqual(['kubernetes', 'mongo']);
      expect(() => loadConfig({ RUNSHEET_SANDBOX_REAL_TARGETS: 'everything' }, emptyDir())).toThrow(
        /RUNSHEET_SANDBOX_REAL_TARGETS/,
      );
    });

    it('reads the context, namespace and in-cluster switch from RUNSHEET_KUBE_*', () => {
      const config = loadConfig(
        { RUNSHEET_KUBE_IN_CLUSTER: 'true', RUNSHEET_KUBE_NAMESPACE: 'wms-staging' },
        emptyDir(),
      );
      expect(config.kubernetes).toMatchObject({ inCluster: true, namespace: 'wms-staging' });
    });

    it('refuses a kubeconfig that does not exist and a namespace that cannot be one', () => {
      expect(() => loadConfig({ RUNSHEET_KUBE_CONFIG: '/nowhere/config' }, emptyDir())).toThrow(
        'Invalid configuration. RUNSHEET_KUBE_CONFIG (kubernetes.kubeconfig): file not found',
      );
      expect(() => loadConfig({ RUNSHEET_KUBE_NAMESPACE: 'WMS_Prod' }, emptyDir())).toThrow(
        'Invalid configuration. RUNSHEET_KUBE_NAMESPACE (kubernetes.namespace): a namespace is lower-case letters, digits and -',
      );
    });
  });

  it('refuses local mode on a network interface unless told so in so many words', () => {
    expect(() => loadConfig({ RUNSHEET_HOST: '0.0.0.0' }, emptyDir())).toThrow(
      /RUNSHEET_HOST \(server.host\): local mode makes whoever reaches 0.0.0.0 an admin/,
    );
    expect(
      loadConfig(
        { RUNSHEET_HOST: '0.0.0.0', RUNSHEET_ALLOW_LOCAL_MODE_ON_NETWORK: 'true' },
        emptyDir(),
      ).server,
    ).toMatchObject({ host: '0.0.0.0', allowLocalModeOnNetwork: true });
    expect(
      loadConfig({ RUNSHEET_HOST: '0.0.0.0', RUNSHEET_AUTH_MODE: 'token' }, emptyDir()).server.host,
    ).toBe('0.0.0.0');
    expect(loadConfig({ RUNSHEET_HOST: '127.0.0.2' }, emptyDir()).server.host).toBe('127.0.0.2');
  });

  it('takes allowed hosts comma-separated from a variable', () => {
    expect(
      loadConfig({ RUNSHEET_ALLOWED_HOSTS: 'Runsheet.example.com, runsheet.wms:8080' }, emptyDir())
        .server.allowedHosts,
    ).toEqual(['runsheet.example.com', 'runsheet.wms:8080']);
  });
});
