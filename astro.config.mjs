// @ts-check
import { satteri } from '@astrojs/markdown-satteri';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { runnableCodeBlocks } from './src/runbooks/runnable-code-blocks.ts';
import { stepsManifest } from './src/runbooks/steps-manifest.ts';

// The site is static: it reads fully without the backend, and its Run buttons call /api on the same origin.
export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  // Fenced shell blocks become Run steps (MDX pages share this Markdown pipeline).
  markdown: { processor: satteri({ mdastPlugins: [runnableCodeBlocks] }) },
  integrations: [
    starlight({
      title: 'Runsheet',
      description: 'Executable runbooks for the WMS order flow: Temporal, Kubernetes and MongoDB.',
      // Runbooks grouped by what on-call sees first; each page's sidebar badge names the services it acts on.
      sidebar: [
        {
          label: 'Workflows stuck or failing',
          items: [
            'runbooks/stuck-workflow-recovery',
            'runbooks/failed-workflow-investigation',
            'runbooks/signal-loss-investigation',
            'runbooks/workflow-history-size-limit',
          ],
        },
        {
          label: 'Slow or overloaded',
          items: ['runbooks/high-workflow-latency', 'runbooks/activity-timeout-investigation'],
        },
        {
          label: 'Infrastructure',
          items: [
            'runbooks/worker-pod-issues',
            'runbooks/database-connection-problems',
            'runbooks/deployment-rollback',
          ],
        },
        { label: 'Emergency', items: ['runbooks/emergency-workflow-termination'] },
        'runbooks/quick-reference',
        { label: 'Practice drills', link: '/drills/' },
        { label: 'Audit trail', link: '/audit/' },
      ],
      components: {
        PageTitle: './src/components/runbook/RunbookTitle.astro',
        Banner: './src/components/sandbox/SandboxBanner.astro',
      },
      customCss: ['./src/styles/runsheet.css'],
      lastUpdated: false,
      pagination: false,
    }),
    // After Starlight, so its code blocks (Expressive Code) are set up first.
    mdx(),
    // Every step the built pages hold, for the backend's `steps: declared` mode.
    stepsManifest(),
  ],
  vite: {
    server: { proxy: { '/api': 'http://127.0.0.1:4321' } },
  },
});
