import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type Logger, type WorkflowBundleOption } from '@temporalio/worker';

const WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));
const CACHE = fileURLToPath(new URL('../node_modules/.cache/runsheet/', import.meta.url));

/**
 * The demo workflows as one bundle file, built once per source and SDK version and kept in
 * node_modules/.cache: webpack costs 3–4 s of CPU, and every worker start (`npm start`, each test
 * file's worker) would otherwise pay it again. Concurrent first starts each build and the last
 * rename wins; the bundles are the same.
 */
export async function workflowBundle(logger: Logger): Promise<WorkflowBundleOption> {
  const codePath = join(CACHE, `workflows-${await sourceKey()}.js`);
  if (
    await access(codePath).then(
      () => true,
      () => false,
    )
  )
    return { codePath };
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger });
  try {
    await mkdir(CACHE, { recursive: true });
    const partial = `${codePath}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, codePath);
  } catch {
    // A read-only install still runs: it bundles at each start.
  }
  return { code };
}

/** A hash of the workflow sources (workflows.ts and what it imports, not types) and the SDK. */
async function sourceKey(): Promise<string> {
  const hash = createHash('sha256');
  const sdk = createRequire(import.meta.url).resolve('@temporalio/workflow/package.json');
  hash.update(await readFile(sdk));
  for (const file of await workflowSources(WORKFLOWS))
    hash.update(file).update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

/** The file and the local modules it imports for their values, recursively. */
export async function workflowSources(file: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = await readFile(file, 'utf8');
  for (const [, typeOnly, specifier] of text.matchAll(
    /^import\s+(type\s)?[^;]*?from\s+'(\.[^']+)'/gms,
  )) {
    if (!typeOnly) await workflowSources(join(dirname(file), specifier!), seen);
  }
  return [...seen].sort();
}
