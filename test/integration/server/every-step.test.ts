/**
 * Every step of the built runbooks, against the default sandbox (`npm start` with nothing
 * configured): each read step runs, each write or destructive one is previewed, with its page
 * parameters filled from the page's examples (pod names, which no page can know ahead, from the
 * pods the sandbox runs). None may answer target_not_configured, not_found or a server error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAction } from '../../../server/actions/registry.ts';
import { loadStepManifest, type ManifestStep } from '../../../server/steps/declared-steps.ts';
import { fillTemplate } from '../../../server/steps/step-template.ts';
import { CACHE_DIR, temporalCli } from '../../stack/servers.ts';
import { startMain } from '../../support/main-process.ts';
import { sandboxReady } from '../../support/sandbox.ts';

/** Page parameters naming a pod: filled with a pod the sandbox runs, as the page's picker does. */
const podSelectors: Record<string, string> = {
  podName: 'app=orchestrator-worker',
  failedPodName: 'app=orchestrator-worker',
  mongodbPodName: 'app=mongodb',
};

let main: Awaited<ReturnType<typeof startMain>>;
beforeAll(async () => {
  main = await startMain({
    RUNSHEET_CACHE: CACHE_DIR,
    RUNSHEET_SANDBOX_TEMPORAL_CLI: await temporalCli(),
    RUNSHEET_SITE_DIR: 'dist',
    RUNSHEET_LOG_LEVEL: 'warn',
  });
  await sandboxReady(main.url, ['temporal', 'kubernetes', 'mongo']);
}, 240_000);
afterAll(async () => {
  await main?.stop();
});

function examplesOf(page: string): Record<string, string> {
  // A page `runbooks/<name>` is src/content/runbooks/<name>.mdx (or .md, dropped in as it was).
  const file = [`src/content/${page}.mdx`, `src/content/${page}.md`].find((path) =>
    existsSync(path),
  );
  if (!file) return {};
  const source = readFileSync(file, 'utf8');
  const frontmatter = parse(source.split(/^---$/m)[1] ?? '') as {
    params?: { name: string; example?: string }[];
  };
  return Object.fromEntries(
    (frontmatter.params ?? []).flatMap((param) =>
      param.example ? [[param.name, param.example]] : [],
    ),
  );
}

async function podOf(selector: string): Promise<string | undefined> {
  const response = await fetch(
    `${main.url}/api/choices/pods?selector=${encodeURIComponent(selector)}`,
  );
  const { choices } = (await response.json()) as { choices: { value: string }[] };
  return choices[0]?.value;
}

type Outcome = 'run' | 'previewed' | 'refused, saying why' | 'not supported by FerretDB' | 'failed';

async function tryStep(step: ManifestStep): Promise<{ outcome: Outcome; detail: string }> {
  const examples = examplesOf(step.page);
  const params: Record<string, string> = {};
  for (const name of step.params) {
    const value =
      examples[name] ?? (podSelectors[name] ? await podOf(podSelectors[name]) : undefined);
    if (value === undefined) return { outcome: 'failed', detail: `no example for {${name}}` };
    params[name] = value;
  }
  const { input } = fillTemplate(step.args, (name) => params[name]);
  const risk = findAction(step.action)?.risk;
  const response = await fetch(`${main.url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: step.action, input, page: step.page, step: step.id, params }),
    signal: AbortSignal.timeout(90_000),
  });
  const body = (await response.json()) as { error?: { code: string; message: string } };
  const code = body.error?.code;
  const detail = `${response.status} ${code ?? ''} ${body.error?.message ?? ''}`.trim();
  if (risk === 'read' && response.status === 200) return { outcome: 'run', detail };
  if (risk !== 'read' && code === 'confirmation_required') return { outcome: 'previewed', detail };
  // The world answering no (a restart of a workflow still running, a scale to the count it has, a
  // query the order workflow has no handler for) is the step working — when its input was valid.
  const refusedByWorld = code === 'precondition_failed' || code === 'invalid_input';
  if (refusedByWorld && findAction(step.action)?.input.safeParse(input).success) {
    return { outcome: 'refused, saying why', detail };
  }
  // FerretDB has no currentOp, killOp or serverStatus connections: said so, never hidden.
  if (code === 'not_supported') return { outcome: 'not supported by FerretDB', detail };
  return { outcome: 'failed', detail };
}

describe('every step of the built runbooks on the default sandbox', () => {
  it('runs each read step and previews each write, with no step failing', async () => {
    const manifest = loadStepManifest('dist');
    expect(manifest, 'build the site first (npm run build)').not.toBeNull();
    const counts: Record<Outcome, number> = {
      run: 0,
      previewed: 0,
      'refused, saying why': 0,
      'not supported by FerretDB': 0,
      failed: 0,
    };
    const failures: string[] = [];
    for (const step of manifest!.steps) {
      const { outcome, detail } = await tryStep(step);
      counts[outcome] += 1;
      if (outcome === 'failed') failures.push(`${step.page}#${step.id} ${step.action}: ${detail}`);
    }
    console.error(
      `steps: ${counts.run} run, ${counts.previewed} previewed, ${counts['refused, saying why']} refused saying why, ${counts['not supported by FerretDB']} not supported by FerretDB, ${counts.failed} failed`,
    );
    expect(failures).toEqual([]);
    expect(counts.run + counts.previewed).toBeGreaterThan(0);
  }, 600_000);
});
