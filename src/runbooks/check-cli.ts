/**
 * `npm run runbooks:check [seed.md]`: after `npm run build`, lists per runbook page every step
 * and the CLI line it runs, then every command line of the seed runbooks with the step that runs
 * it. Fails when a seed command has no runnable step on its page. Also says how much of the seed
 * runs as written, dropped in as plain Markdown.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STEPS_MANIFEST, stepManifestSchema } from '../../server/steps/declared-steps.ts';
import { markdownToHtml } from 'satteri';
import { commandsOf, coverageOf, type BuiltPage } from './coverage.ts';
import { runnableCodeBlocks } from './runnable-code-blocks.ts';
import { stepTags } from './steps-manifest.ts';
import { copyLine, roundTripProblem } from '../../server/steps/commands/round-trip.ts';

const seedFile = process.argv[2] ?? 'test/fixtures/operational-runbooks.md';
const siteDir = 'dist';
const manifestFile = join(siteDir, STEPS_MANIFEST);
if (!existsSync(manifestFile)) {
  console.error(`runbooks:check: ${manifestFile} is missing. Run \`npm run build\` first.`);
  process.exit(2);
}
const manifest = stepManifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
const pages = new Map<string, BuiltPage>();
for (const step of manifest.steps) {
  const page = pages.get(step.page) ?? builtPage(step.page);
  page.steps.push({ id: step.id, command: step.command });
  pages.set(step.page, page);
}

const out: string[] = [];
for (const page of pages.values()) {
  out.push(`\n${page.title} (/${page.path}/): ${page.steps.length} steps`);
  for (const step of page.steps) out.push(`  ✓ ${step.id}  ${step.command ?? '(no CLI line)'}`);
}

const seed = readFileSync(seedFile, 'utf8');
const commands = commandsOf(seed);
const coverage = coverageOf(commands, [...pages.values()]);
const missing = coverage.filter((entry) => !entry.step);
out.push(`\nSeed command lines (${seedFile}):`);
for (const { command, page, step } of coverage) {
  const where = step ? `${page}#${step}` : page ? `NOT RUNNABLE on /${page}/` : 'NO PAGE titled so';
  out.push(
    `  ${step ? '✓' : '✗'} [${command.section}] ${command.command.split('\n')[0]}  → ${where}`,
  );
}
// The seed dropped into the collection as it is: rendered by the same plugin as the site.
const dropIn = markdownToHtml(seed, { mdastPlugins: [runnableCodeBlocks] }).html;
const asWritten = stepTags(dropIn).length;
out.push(
  `\n${coverage.length - missing.length} of ${coverage.length} seed command lines have a runnable step on their page.`,
  `The seed dropped in unchanged as plain Markdown: ${asWritten} of ${commands.length} command lines become Run steps (${((100 * asWritten) / commands.length).toFixed(1)}%).`,
);
for (const command of commands.filter((entry) => !entry.runnable)) {
  out.push(`  copy-only as written: ${command.command.split('\n')[0]} — ${command.reason}`);
}
// Round trip: "Copy as CLI" of every deployed step reads back as the same action and arguments:
// the runbook's line when it does, else a generated line (which must), else no copy button.
const copies = manifest.steps.map((step) => ({ step, line: copyLine(step) }));
const replaced = copies.filter(({ step, line }) => step.command !== null && line !== step.command);
out.push(
  `\nCopy as CLI: ${copies.filter(({ line }) => line).length} of ${manifest.steps.length} steps copy a line that reads back as the same action and arguments; ${replaced.length} runbook lines do something else than their step:`,
  ...replaced.map(
    ({ step, line }) =>
      `  ${line ? '→' : '✗'} /${step.page}/#${step.id}: ${roundTripProblem(step)}; copies ${line ? `\`${line}\`` : 'nothing'}`,
  ),
);
const unfaithful = copies.filter(
  ({ step, line }) => line !== null && roundTripProblem({ ...step, command: line }),
);
process.stdout.write(`${out.join('\n')}\n`);
if (unfaithful.length) {
  console.error(
    `\nrunbooks:check: ${unfaithful.length} steps' CLI lines do not read back as the step.`,
  );
  process.exit(1);
}
if (missing.length) {
  console.error(`\nrunbooks:check: ${missing.length} seed command lines have no runnable step.`);
  process.exit(1);
}

/** The page's title and parameter examples, read from its built HTML. */
function builtPage(path: string): BuiltPage {
  const html = readFileSync(join(siteDir, path, 'index.html'), 'utf8');
  const title = /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1]?.trim() ?? path;
  const examples = Object.fromEntries(
    [...html.matchAll(/<input[^>]*data-param="([^"]+)"[^>]*placeholder="([^"]*)"/g)].map(
      ([, name, example]) => [name!, decode(example!)],
    ),
  );
  return { path, title: decode(title), steps: [], examples };
}

function decode(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
