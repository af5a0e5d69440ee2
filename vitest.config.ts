import { defineConfig } from 'vitest/config';

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
// - Files run one at a time. Two at a time took the suite from 1,072 s to 678 s, but on 2 cores the
//   load exposed timing races in tests (visibility a moment behind a start, a 1 ms deadline coming
//   back as a cancel) that fail a run now and then; raise maxWorkers once those are gone.
// - e2e files run after the rest.
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
