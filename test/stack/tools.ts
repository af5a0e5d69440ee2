import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath } from '../../sandbox/processes.ts';

/** Where built test servers are kept between runs, outside the repo, keyed by version. */
export const CACHE_DIR = process.env['RUNSHEET_CACHE'] ?? join(homedir(), '.cache', 'runsheet');

export class StackError extends Error {
  override readonly name = 'StackError';
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

/**
 * Builds a Go tool once into the cache: `go install <module>@<version>`, then moves the binary
 * to `<cache>/bin/<name>-<version>`. Throws a StackError saying how to get the tool otherwise.
 */
export function goInstallOnce(tool: GoTool): string {
  const { name, module, version } = tool;
  return buildOnce(tool, (workDir) => {
    go(tool, ['install', '-ldflags', '-s -w', `${module}@${version}`], workDir, { GOBIN: workDir });
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
): string {
  const { name, module, version, moduleRoot, vendorFiles = {} } = tool;
  return buildOnce(tool, (workDir) => {
    go(tool, ['mod', 'init', `local/${name}wrap`], workDir);
    go(tool, ['get', '-tool', `${module}@${version}`], workDir);
    go(tool, ['mod', 'vendor'], workDir);
    for (const [path, contents] of Object.entries(vendorFiles)) {
      writeFileSync(join(workDir, 'vendor', moduleRoot, path), contents);
    }
    const binary = join(workDir, name);
    go(tool, ['build', '-mod=vendor', '-ldflags', '-s -w', '-o', binary, module], workDir);
    return binary;
  });
}

function buildOnce(tool: GoTool, build: (workDir: string) => string): string {
  const { name, version, howElse } = tool;
  const target = join(CACHE_DIR, 'bin', `${name}-${version}`);
  if (existsSync(target)) return target;
  if (!onPath('go')) {
    throw new StackError(
      `${name} ${version} is needed for the integration tests and Go is not installed. ${howElse}, or install Go ≥ 1.25 and run the tests again to build it.`,
    );
  }
  mkdirSync(join(CACHE_DIR, 'bin'), { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), `runsheet-${name}-`));
  process.stderr.write(`Building ${name} ${version} with Go (once; several minutes)…\n`);
  const started = Date.now();
  try {
    renameSync(build(workDir), target);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  process.stderr.write(
    `Built ${name} ${version} in ${Math.round((Date.now() - started) / 1000)} s: ${target}\n`,
  );
  return target;
}

function go(tool: GoTool, args: string[], cwd: string, env: Record<string, string> = {}): void {
  const built = spawnSync('go', args, {
    cwd,
    env: { ...process.env, ...env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) {
    throw new StackError(
      `go ${args.join(' ')} failed (exit ${built.status}) building ${tool.name} ${tool.version}. ${tool.howElse}.`,
    );
  }
}
