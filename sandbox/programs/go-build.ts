import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath, spawnWatched } from '../processes.ts';

/** Where built servers are kept between runs, outside the repo, keyed by version. */
export const DEFAULT_CACHE_DIR = join(homedir(), '.cache', 'runsheet');

/** A sandbox server could not be found, built or started; the message says what to do. */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
}

/** How a build runs: into which cache, and whether Go's output goes to the terminal. */
export interface BuildOptions {
  cacheDir: string;
  /**
   * Keep Go's output to ourselves (it is shown only in the error of a failed build): the sandbox
   * builds in the background of a serving site, and the terminal shows its own progress lines.
   */
  quiet?: boolean;
}

interface GoTool {
  /** Binary name; the cached file is `<cache>/bin/<name>-<version>`. */
  name: string;
  /** Package path of the main package, e.g. `github.com/temporalio/cli/cmd/temporal`. */
  module: string;
  version: string;
  /** How to get the tool without building it, for the error message. */
  howElse: string;
}

/** `<cache>/bin/<name>-<version>`: the one place a built tool is looked for. */
export function cachedTool(cacheDir: string, name: string, version: string): string {
  return join(cacheDir, 'bin', `${name}-${version}`);
}

/**
 * Builds a Go tool once into the cache: `go install <module>@<version>`, then moves the binary
 * to `<cache>/bin/<name>-<version>`. Throws a SandboxError saying how to get the tool otherwise.
 */
export function goInstallOnce(tool: GoTool, options: BuildOptions): Promise<string> {
  const { name, module, version } = tool;
  return buildOnce(tool, options, async (workDir) => {
    const env = { GOBIN: workDir };
    await go(['install', '-ldflags', '-s -w', `${module}@${version}`], {
      cwd: workDir,
      env,
      tool,
      options,
    });
    return join(workDir, name);
  });
}

/**
 * Like goInstallOnce, but builds the tool as a dependency of a throw-away wrapper module:
 * `go get -tool <module>@<version>`, `go mod vendor`, then `go build -mod=vendor`. Vendoring lets
 * the build add files the published module lacks (`vendorFiles`, paths relative to the module root),
 * such as the generated version file without which FerretDB panics at start.
 */
export function goBuildToolOnce(
  tool: GoTool & { moduleRoot: string; vendorFiles?: Record<string, string> },
  options: BuildOptions,
): Promise<string> {
  const { name, module, version, moduleRoot, vendorFiles = {} } = tool;
  return buildOnce(tool, options, async (workDir) => {
    const run = (args: string[]) => go(args, { cwd: workDir, tool, options });
    await run(['mod', 'init', `local/${name}wrap`]);
    await run(['get', '-tool', `${module}@${version}`]);
    await run(['mod', 'vendor']);
    for (const [path, contents] of Object.entries(vendorFiles)) {
      writeFileSync(join(workDir, 'vendor', moduleRoot, path), contents);
    }
    const binary = join(workDir, name);
    await run(['build', '-mod=vendor', '-ldflags', '-s -w', '-o', binary, module]);
    return binary;
  });
}

/** Builds in flight in this process, so two callers wanting one tool share one build. */
const inFlight = new Map<string, Promise<string>>();

function buildOnce(
  tool: GoTool,
  options: BuildOptions,
  build: (workDir: string) => Promise<string>,
): Promise<string> {
  const { name, version, howElse } = tool;
  const target = cachedTool(options.cacheDir, name, version);
  if (existsSync(target)) return Promise.resolve(target);
  const running = inFlight.get(target);
  if (running) return running;
  const building = (async () => {
    requireGo(`${name} ${version}`, howElse);
    mkdirSync(join(options.cacheDir, 'bin'), { recursive: true });
    const workDir = mkdtempSync(join(tmpdir(), `runsheet-${name}-`));
    if (!options.quiet) process.stderr.write(`Building ${name} ${version} with Go (once)…\n`);
    const started = Date.now();
    try {
      renameSync(await build(workDir), target);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    if (!options.quiet) {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stderr.write(`Built ${name} ${version} in ${seconds} s: ${target}\n`);
    }
    return target;
  })().finally(() => inFlight.delete(target));
  inFlight.set(target, building);
  return building;
}

/** Throws what to install when there is no Go to build `what` with. */
export function requireGo(what: string, howElse: string): void {
  if (onPath('go')) return;
  throw new SandboxError(
    `${what} is not built and Go is not installed. ${howElse}, or install Go ≥ 1.26 (https://go.dev/dl/) and start again to build it once.`,
  );
}

/**
 * Runs `go` with the toolchain pinned to the installed one and cgo off; resolves with its stdout
 * when asked to capture it. A failure throws a SandboxError with the end of Go's output.
 */
export function go(
  args: string[],
  {
    cwd,
    env = {},
    tool,
    options,
    capture = false,
  }: {
    cwd: string;
    env?: Record<string, string>;
    tool: { name: string; version: string; howElse: string };
    options: BuildOptions;
    capture?: boolean;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const inherit = !options.quiet && !capture;
    const child = spawnWatched('go', args, {
      cwd,
      env: { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', ...env },
      stdio: ['ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)),
    );
    child.once('error', (error) =>
      reject(new SandboxError(`go could not run: ${error.message}`, { cause: error })),
    );
    child.once('exit', (code) => {
      if (code === 0) return resolve(stdout);
      reject(
        new SandboxError(
          `go ${args.join(' ')} failed (exit ${code}) building ${tool.name} ${tool.version}. ${tool.howElse}.${stderr ? `\n${stderr}` : ''}`,
        ),
      );
    });
  });
}
