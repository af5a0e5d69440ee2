import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// npm, npx and every npm script must run the project's Node (the `node` dev dependency), not the
// first `node` on the user's PATH, which may be too old for Astro and vitest (issue 15).
describe('the Node that comes with the project', () => {
  const projectNode = realpathSync('node_modules/node/bin/node');
  // A `node` first on PATH standing for the system's old one: it runs npm and npx themselves (as
  // Node 20 would) and fails anything else, so a script that reaches it fails the test.
  const systemDir = mkdtempSync(join(tmpdir(), 'runsheet-system-node-'));
  writeFileSync(
    join(systemDir, 'node'),
    [
      '#!/bin/sh',
      'case "$1" in',
      `  */npm|*/npx|*npm-cli.js|*npx-cli.js) exec '${process.execPath}' "$@" ;;`,
      '  *) echo "the system node ran: $*" >&2; exit 97 ;;',
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const env = { ...process.env, PATH: `${systemDir}:${process.env['PATH'] ?? ''}` };
  afterAll(() => rmSync(systemDir, { recursive: true, force: true }));
  const npm = (args: string[]) => execFileSync('npm', args, { env, encoding: 'utf8' });

  it('runs `npm exec -- node` on node_modules/node, whatever node PATH names first', () => {
    const execPath = npm(['exec', '--offline', '--', 'node', '-p', 'process.execPath']).trim();
    expect(realpathSync(execPath)).toBe(projectNode);
  }, 60_000);

  it('runs npm scripts and the runsheet bin on it', () => {
    expect(npm(['run', '--silent', 'runsheet', '--', 'actions'])).toContain(
      'temporal.workflow.describe',
    );
    expect(npm(['exec', '--offline', '--', 'runsheet', 'actions'])).toContain(
      'kubernetes.pods.list',
    );
  }, 120_000);

  it('is Node ≥ 22.12, as Astro and vitest require', () => {
    const version = execFileSync(projectNode, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    }).trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 12)).toBe(true);
  });
});
