import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchProcessGroups } from './processes.ts';

/**
 * Starts the watchdog (watchdog.ts) and has every server process started from now on run in a
 * process group of its own that the watchdog knows: when this process dies in any way, even by
 * SIGKILL, the watchdog ends those groups (each server with whatever it started, e.g. a Go build's
 * compilers). Returns a function that lets the watchdog go once everything was stopped.
 */
export function startWatchdog(): () => void {
  const watchdog: ChildProcess = spawn(
    process.execPath,
    [fileURLToPath(new URL('./watchdog.ts', import.meta.url))],
    // detached: its own group, so a Ctrl-C meant for Runsheet does not end it before it cleans up.
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.unref();
  const stdin = watchdog.stdin!;
  // An unref'd pipe, so the watchdog never keeps Runsheet's event loop alive.
  (stdin as unknown as { unref?: () => void }).unref?.();
  stdin.on('error', () => undefined);
  const unwatch = watchProcessGroups((pgid, running) => {
    if (!stdin.destroyed) stdin.write(`${running ? '+' : '-'}${pgid}\n`);
  });
  return () => {
    unwatch();
    stdin.end();
  };
}
