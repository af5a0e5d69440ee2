import { ConfigError, sandboxSystems, type Config, type SandboxSystem } from '../config.ts';

/** A target the sandbox did not start: the user's own, acted on for real. */
export interface RealTarget {
  system: SandboxSystem;
  /** Where it is, without secrets: an address or a kubeconfig path. */
  where: string;
}

/** Every configured target that the sandbox does not run. */
export function realTargets(config: Config): RealTarget[] {
  const sandboxed = new Set(sandboxSystems(config));
  const real: RealTarget[] = [];
  const { temporal, mongo, kubernetes } = config;
  if (temporal.address && !sandboxed.has('temporal')) {
    real.push({ system: 'temporal', where: temporal.address });
  }
  if (mongo.uri && !sandboxed.has('mongo')) {
    // Host list only: the connection string may hold a password.
    real.push({ system: 'mongo', where: mongo.uri.replace(/^[^@]*@|^mongodb(\+srv)?:\/\//, '') });
  }
  if ((kubernetes.kubeconfig || kubernetes.inCluster) && !sandboxed.has('kubernetes')) {
    const where = kubernetes.inCluster ? 'the in-cluster service account' : kubernetes.kubeconfig!;
    real.push({
      system: 'kubernetes',
      where: kubernetes.context ? `${where} (context ${kubernetes.context})` : where,
    });
  }
  return real;
}

/**
 * The environment this backend acts on. Unset: `sandbox` only when the sandbox runs and every target
 * is one it started; with any real target, `production` (the strictest). `sandbox` set explicitly
 * beside a real target turns drills and ad-hoc runs loose on it, so it needs the named opt-in
 * `sandbox.realTargetsAsSandbox` listing each such system; without it, start-up stops here.
 */
export function chooseEnvironment(config: Config): string {
  const real = realTargets(config);
  if (!config.environment) {
    return sandboxSystems(config).length > 0 && real.length === 0 ? 'sandbox' : 'production';
  }
  if (config.environment !== 'sandbox') return config.environment;
  const optedIn = new Set(config.sandbox.realTargetsAsSandbox);
  const unsafe = real.filter((target) => !optedIn.has(target.system));
  if (unsafe.length > 0) {
    const named = unsafe.map((target) => `${target.system} at ${target.where}`).join(', ');
    throw new ConfigError(
      `environment is sandbox, but ${named} ${unsafe.length > 1 ? 'are' : 'is'} not run by the sandbox: drills and ad-hoc runs would act on ${unsafe.length > 1 ? 'them' : 'it'}. ` +
        `Set RUNSHEET_SANDBOX_REAL_TARGETS=${unsafe.map((target) => target.system).join(',')} (sandbox.realTargetsAsSandbox) if ${unsafe.length > 1 ? 'they are' : 'it is'} disposable, or choose another environment.`,
    );
  }
  return 'sandbox';
}
