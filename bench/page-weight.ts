/**
 * The gzipped JavaScript a runbook page loads: every `<script>` of the built page (inline, and
 * modules from dist/ with their static imports followed, each file counted once), against the
 * same figure for a Starlight page without Run blocks (the home page), measured in the same build.
 *   node bench/page-weight.ts
 * Budget (issue 16): 25 KB for a runbook page, and no Run island on the home page; otherwise the
 * bench fails. Imports made on demand (`import()`, e.g. Pagefind when search opens) are not loaded
 * with the page and are not counted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { printSizes } from './report.ts';

const DIST = 'dist';
const BUDGET = 25 * 1024;
const RUNBOOK = 'runbooks/stuck-workflow-recovery/index.html';
const BASELINE = 'index.html';

const build = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const gzipped = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/** A module file and every file it imports statically, each once. */
function moduleFiles(file: string, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  // Minified static imports: `import{a}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"`.
  for (const match of code.matchAll(
    /(?:^|[;}\s])(?:import|export)\s*(?:[^"'();]*?from\s*)?["']([^"']+\.js)["']/g,
  )) {
    const target = match[1]!;
    const path = target.startsWith('/') ? join(DIST, target) : resolve(dirname(file), target);
    if (existsSync(path)) moduleFiles(path, seen);
  }
}

/** Every JavaScript file a page loads, and the gzipped size of its inline scripts. */
function pageScripts(page: string): { files: Set<string>; inline: number } {
  const html = readFileSync(join(DIST, page), 'utf8');
  const files = new Set<string>();
  let inline = 0;
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(attributes!)?.[1];
    if (src) moduleFiles(join(DIST, src), files);
    else if (!/type="application\/(ld\+)?json"/.test(attributes!)) inline += gzipped(body!);
  }
  return { files, inline };
}

function pageWeight(page: string): number {
  const { files, inline } = pageScripts(page);
  return [...files].reduce((sum, file) => sum + gzipped(readFileSync(file)), inline);
}

const baseline = pageWeight(BASELINE);
const candidate = pageWeight(RUNBOOK);
const homeIsland = [...pageScripts(BASELINE).files].filter((file) => /run-element/.test(file));
printSizes('Page weight: gzipped JavaScript a page loads (imports followed)', [
  {
    name: `/${dirname(RUNBOOK)}/ against a page without Run blocks (/)`,
    baseline,
    candidate,
    budget: BUDGET,
  },
]);
process.stdout.write(
  homeIsland.length
    ? `  the home page loads the Run island: ${homeIsland.join(', ')}\n`
    : '  the home page loads no Run island\n',
);
if (candidate > BUDGET || homeIsland.length) process.exit(1);
