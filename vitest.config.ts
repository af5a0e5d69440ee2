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
// - Files run two at a time, one per core of the 2-core CI machine, where Vitest took about 600 s
//   instead of 800 s. Under that load a worker, a visibility query or a child workflow can be
//   seconds behind, so tests wait for what they need, bounded, never for a fixed time.
// - e2e files run after the rest, one at a time (there, two browsers side by side each ran about 2×
//   slower), in one worker, so that they too share the module cache.
const servers = { maxWorkers: 2, isolate: false };
// What a test polls for (expect.poll) may take more than the default second on 2 loaded cores.
// Waiting longer asserts no timing.
const patient = { expect: { poll: { timeout: 15_000 } } };

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
          ...patient,
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
          ...patient,
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
          isolate: false,
          sequence: { groupOrder: 1 },
          globalSetup: ['test/stack/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          ...patient,
        },
      },
    ],
  },
});
