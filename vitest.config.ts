import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temporary file and folder of a run (trails, configs, homes, the servers' data, including
// what a server killed with -9 leaves) goes under one folder, removed when the run ends. Test
// workers and every process they start inherit TMPDIR.
const runTmp = mkdtempSync(join(tmpdir(), 'runsheet-test-run-'));
process.env['TMPDIR'] = runTmp;
process.on('exit', () => rmSync(runTmp, { recursive: true, force: true }));

// unit: pure logic, no servers. integration: real Temporal and a real Kubernetes control plane
// (test/stack starts them).
// security: attacks against a real server process.
// e2e: the built site and the backend in a real browser, against the same real servers.
//
// How files share the machine (issue 16, item 6). Every file gets its own namespace, task queue,
// database and Runsheet, against the one server of each kind.
// - Files share each worker's module cache (`isolate: false`): re-importing the Temporal,
//   Kubernetes and MongoDB clients for each file cost 14% of the run. No test file changes module
//   state another reads.
// - Files run one at a time. Two at a time (one per core) took Vitest from about 800 s to 600 s and
//   passed five full runs, but then two CI runs in a row each failed on timing races under that
//   load (a worker or visibility a moment behind, a Ctrl-C's record late): a landing cannot risk
//   that. Raise maxWorkers once those tests wait for what they need instead of a fixed time.
// - e2e files run after the rest, one at a time: two browsers side by side each ran about 2× slower.
const servers = { maxWorkers: 1, isolate: false };

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], ...servers },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          ...servers,
          globalSetup: ['test/stack/global-setup.ts', 'test/stack/kubernetes-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The red-team suite (issue 12): each attack as a test against a real `node server/main.ts`.
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          ...servers,
          globalSetup: ['test/stack/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          globalSetup: ['test/stack/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // A page answers when its islands have loaded and asked the backend: on 2 loaded cores that
          // is often more than expect.poll's default second. Waiting longer asserts no timing.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
