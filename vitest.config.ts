import { defineConfig } from 'vitest/config';

// unit: pure logic, no servers. integration: real Temporal and a real Kubernetes control plane
// (test/stack starts them).
// security: attacks against a real server process.
// e2e: the built site and the backend in a real browser, against the same real servers.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
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
          globalSetup: ['test/stack/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
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
