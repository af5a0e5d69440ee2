/**
 * The sandbox's WMS world, started in the background of a serving Runsheet: for each system, the
 * program is found (variable, PATH, cache) or built once with Go, then started and seeded; each
 * reports its phase as it goes (building / starting / ready / failed, with the reason and the fix)
 * and joins Runsheet's targets when ready. Go builds run one at a time: each uses every core.
 */
import { SandboxError } from '../programs/go-build.ts';
import { onPath } from '../processes.ts';
import {
  systemSpecs,
  type RunningSystem,
  type SandboxConnection,
  type SandboxSystem,
} from './systems.ts';

export type SandboxPhase = 'waiting' | 'building' | 'starting' | 'ready' | 'failed';

export interface SandboxTargetStatus {
  system: SandboxSystem;
  phase: SandboxPhase;
  program: string;
  /** When this phase began (ISO time). */
  since: string;
  /** While building: how long a cold build takes here, in seconds. */
  estimateSeconds?: number;
  /** When failed: what went wrong, and what to do about it. */
  reason?: string;
  fix?: string;
  /** When ready: what it holds. */
  summary?: string;
}

export interface SandboxWorldOptions {
  systems: readonly SandboxSystem[];
  cacheDir: string;
  /** Programs named by the user (RUNSHEET_SANDBOX_TEMPORAL_CLI, FERRETDB_BIN, RUNSHEET_KUBERNETES_BIN). */
  named?: Partial<Record<SandboxSystem, string | undefined>>;
  onStatus?(status: SandboxTargetStatus): void;
  onReady?(connection: SandboxConnection): void;
}

export interface SandboxWorld {
  statuses(): SandboxTargetStatus[];
  /** Settles when every system is ready or failed. */
  settled: Promise<void>;
  /** Puts every ready system back to its incidents. */
  reset(): Promise<SandboxSystem[]>;
  stop(): Promise<void>;
}

export function startSandboxWorld(options: SandboxWorldOptions): SandboxWorld {
  const statuses = new Map<SandboxSystem, SandboxTargetStatus>();
  const running = new Map<SandboxSystem, RunningSystem>();
  let stopping = false;
  const set = (
    system: SandboxSystem,
    change: Omit<SandboxTargetStatus, 'system' | 'program' | 'since'>,
  ) => {
    const status: SandboxTargetStatus = {
      system,
      program: systemSpecs[system].program,
      since: new Date().toISOString(),
      ...change,
    };
    statuses.set(system, status);
    options.onStatus?.(status);
  };
  // One Go build at a time, in the order given (Temporal first: the quickest, and most runbooks).
  let buildQueue: Promise<unknown> = Promise.resolve();

  const bringUp = async (system: SandboxSystem) => {
    const spec = systemSpecs[system];
    const named = options.named?.[system];
    try {
      let program = spec.find({ named, cacheDir: options.cacheDir });
      if (!program) {
        if (!onPath('go')) {
          throw new SandboxError(`${spec.program} is not built here and Go is not installed.`, {
            cause: 'no-go',
          });
        }
        const build = buildQueue.then(() => {
          if (stopping) throw new SandboxError('stopped before it was built');
          set(system, { phase: 'building', estimateSeconds: spec.buildSeconds });
          return spec.build({ cacheDir: options.cacheDir, named, quiet: true });
        });
        buildQueue = build.catch(() => undefined);
        program = await build;
      }
      if (stopping) return;
      set(system, { phase: 'starting' });
      const started = await spec.start(program);
      if (stopping) {
        await started.stop();
        return;
      }
      running.set(system, started);
      options.onReady?.(started.connection);
      set(system, { phase: 'ready', summary: started.summary });
    } catch (error) {
      if (stopping) return;
      const noGo = error instanceof SandboxError && error.cause === 'no-go';
      set(system, {
        phase: 'failed',
        reason: (error as Error).message.split('\n')[0] ?? String(error),
        fix: noGo
          ? `${spec.howToGet}, or install Go ≥ 1.26 (https://go.dev/dl/) and start again: it is built once.`
          : `${spec.howToGet}; the terminal and the log hold the details. Ctrl-C and \`npm start\` tries again.`,
      });
    }
  };

  for (const system of options.systems) set(system, { phase: 'waiting' });
  const settled = Promise.all(options.systems.map(bringUp)).then(() => undefined);

  return {
    statuses: () => options.systems.map((system) => statuses.get(system)!),
    settled,
    async reset() {
      const ready = [...running.entries()];
      await Promise.all(ready.map(([, system]) => system.reset()));
      return ready.map(([name]) => name);
    },
    async stop() {
      stopping = true;
      const all = [...running.values()];
      running.clear();
      await Promise.allSettled(all.map((system) => system.stop()));
    },
  };
}
