import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../server/config.ts';
import { chooseEnvironment, realTargets } from '../../../../server/targets/real-targets.ts';

const dir = mkdtempSync(join(tmpdir(), 'runsheet-real-targets-'));
const kubeconfig = join(dir, 'config');
writeFileSync(kubeconfig, '{}');
const config = (env: Record<string, string>) => loadConfig({ HOME: dir, ...env }, dir);

describe('what the sandbox environment covers (issue 12, High 1)', () => {
  it('is sandbox only when every target is one the sandbox runs', () => {
    expect(chooseEnvironment(config({}))).toBe('sandbox');
    expect(chooseEnvironment(config({ RUNSHEET_SANDBOX: 'temporal' }))).toBe('sandbox');
    expect(chooseEnvironment(config({ RUNSHEET_SANDBOX: 'off' }))).toBe('production');
    // A Temporal sandbox beside the user's cluster: the cluster is real, so nothing is sandbox.
    const mixed = config({ RUNSHEET_SANDBOX: 'temporal', RUNSHEET_KUBE_CONFIG: kubeconfig });
    expect(realTargets(mixed)).toEqual([{ system: 'kubernetes', where: kubeconfig }]);
    expect(chooseEnvironment(mixed)).toBe('production');
  });

  it('never counts a kubeconfig found in the environment as sandbox', () => {
    const found = config({ KUBECONFIG: kubeconfig });
    expect(realTargets(found)).toEqual([]);
    expect(found.kubernetes.kubeconfig).toBeUndefined();
    expect(chooseEnvironment(found)).toBe('sandbox');
  });

  it('refuses environment sandbox beside a real target unless that system is named in the opt-in', () => {
    const explicit = {
      RUNSHEET_ENVIRONMENT: 'sandbox',
      RUNSHEET_MONGO_URI: 'mongodb://u:secret@db:27017/',
    };
    expect(() => chooseEnvironment(config(explicit))).toThrow(ConfigError);
    expect(() => chooseEnvironment(config(explicit))).toThrow(
      /RUNSHEET_SANDBOX_REAL_TARGETS=mongo/,
    );
    expect(() => chooseEnvironment(config(explicit))).not.toThrow(/secret/);
    expect(chooseEnvironment(config({ ...explicit, RUNSHEET_SANDBOX_REAL_TARGETS: 'mongo' }))).toBe(
      'sandbox',
    );
    expect(() =>
      chooseEnvironment(config({ ...explicit, RUNSHEET_SANDBOX_REAL_TARGETS: 'kubernetes' })),
    ).toThrow(/mongo at db:27017/);
  });

  it('takes any other environment as given', () => {
    expect(chooseEnvironment(config({ RUNSHEET_ENVIRONMENT: 'staging' }))).toBe('staging');
  });
});
