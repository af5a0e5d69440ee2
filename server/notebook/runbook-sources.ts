import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ActionError } from '../errors.ts';

/** A runbook's source file, as "Add to runbook" offers it: its page, title and sections. */
export interface RunbookSource {
  /** As the step manifest names pages, e.g. `runbooks/stuck-workflow-recovery`. */
  page: string;
  title: string;
  /** From the repository root, e.g. `src/content/runbooks/stuck-workflow-recovery.mdx`. */
  file: string;
  /** Headings (`##`…) outside code blocks, in order. */
  sections: string[];
}

export interface Heading {
  line: number;
  level: number;
  text: string;
}

/** The Markdown headings of a source, skipping fenced code (where `# 1. Check…` is a comment). */
export function headingsOf(lines: string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: string | null = null;
  let frontmatter = lines[0] === '---';
  lines.forEach((text, line) => {
    if (frontmatter) {
      if (line > 0 && text === '---') frontmatter = false;
      return;
    }
    const opens = /^\s*(```|~~~)/.exec(text);
    if (opens) {
      if (!fence) fence = opens[1]!;
      else if (text.trim().startsWith(fence)) fence = null;
      return;
    }
    const heading = !fence && /^(#{2,6})\s+(.+?)\s*#*\s*$/.exec(text);
    if (heading) headings.push({ line, level: heading[1]!.length, text: heading[2]! });
  });
  return headings;
}

/** The line after the frontmatter (0 when there is none). */
export function afterFrontmatter(lines: string[]): number {
  if (lines[0] !== '---') return 0;
  const end = lines.indexOf('---', 1);
  return end < 0 ? 0 : end + 1;
}

/** Every runbook source under `dir`; the folder missing is a refusal that names the setting. */
export function listRunbookSources(dir: string): RunbookSource[] {
  if (!existsSync(dir)) {
    throw new ActionError(
      'target_not_configured',
      `The runbook sources are not here: ${dir} does not exist.`,
      {
        hint: 'Run Runsheet from the repository that holds the runbooks, or set RUNSHEET_RUNBOOK_SOURCES to their folder.',
      },
    );
  }
  return readdirSync(dir)
    .filter((name) => /\.mdx?$/.test(name))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const lines = readFileSync(file, 'utf8').split('\n');
      const front = lines.slice(0, afterFrontmatter(lines));
      if (front.some((line) => /^kind:\s*page\b/.test(line))) return null;
      const title = front.map((line) => /^title:\s*(.+)$/.exec(line)?.[1]).find(Boolean);
      return {
        page: `runbooks/${name.replace(/\.mdx?$/, '')}`,
        title: title?.replace(/^['"]|['"]$/g, '') ?? name,
        file: relative(process.cwd(), file),
        sections: headingsOf(lines).map((heading) => heading.text),
      };
    })
    .filter((source) => source !== null);
}

/** One runbook source and its text, or a not_found that lists what there is. */
export function readRunbookSource(dir: string, page: string) {
  const sources = listRunbookSources(dir);
  const source = sources.find((candidate) => candidate.page === page);
  if (!source) {
    throw new ActionError('not_found', `There is no runbook ${page} in ${dir}.`, {
      hint: `Runbooks: ${sources.map((candidate) => candidate.page).join(', ')}.`,
    });
  }
  return { source, text: readFileSync(join(dir, source.file.split('/').at(-1)!), 'utf8') };
}
