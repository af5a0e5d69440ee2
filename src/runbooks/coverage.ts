import { parseBlock } from '../../server/steps/commands/block.ts';
import { callsTool } from '../../server/steps/commands/parse.ts';
import { fillTemplate, parameterize } from '../../server/steps/step-template.ts';

/** A command line of a Markdown runbook, under the `## N. Title` section it belongs to. */
export interface SourceCommand {
  section: string;
  command: string;
  /** Whether the command parser runs it as written (what a plain `.md` drop-in gets). */
  runnable: boolean;
  reason: string | null;
}

/**
 * Every Temporal, Kubernetes and MongoDB command line of a Markdown runbook file: the lines of its
 * fenced blocks (continuations joined, loops whole) and the commands of its tables.
 */
export function commandsOf(markdown: string): SourceCommand[] {
  const commands: SourceCommand[] = [];
  let section = '';
  const add = (command: string, runnable: boolean, reason: string | null) => {
    if (callsTool(command)) {
      commands.push({ section, command, runnable, reason });
    }
  };
  const blocks = /^```[^\n]*\n([\s\S]*?)^```|^##\s+(?:\d+\.\s*)?(.+)$|^\|.*`([^`\n]+)`.*\|$/gm;
  for (const [, body, heading, cell] of markdown.matchAll(blocks)) {
    if (heading !== undefined) section = heading.trim();
    else if (cell !== undefined) {
      const [{ parsed }] = parseBlock(cell) as [ReturnType<typeof parseBlock>[number]];
      add(cell, parsed.runnable, parsed.runnable ? null : parsed.reason);
    } else {
      // Any language: the seed keeps `kubectl edit` in a yaml block.
      for (const { parsed } of parseBlock(body ?? '')) {
        add(parsed.command, parsed.runnable, parsed.runnable ? null : parsed.reason);
      }
    }
  }
  return commands;
}

/** What a page built from the runbook holds: its title, steps, and its parameters' examples. */
export interface BuiltPage {
  path: string;
  title: string;
  steps: { id: string; command: string | null }[];
  examples: Record<string, string>;
}

export interface Coverage {
  command: SourceCommand;
  /** The page with the section's title, and the step that runs this command there. */
  page: string | null;
  step: string | null;
}

/**
 * Matches each source command to the step that runs it on the page titled like its section. A
 * step matches when its command reads the same once its placeholders take the page parameters'
 * examples: `--workflow-id order-fulfillment-<order-id>` with orderId's example ORD-12345 covers
 * the seed's `--workflow-id order-fulfillment-ORD-12345`.
 */
export function coverageOf(commands: SourceCommand[], pages: BuiltPage[]): Coverage[] {
  return commands.map((command) => {
    const page = pages.find((candidate) => candidate.title === command.section);
    const wanted = canonical(command.command, {});
    const step = page?.steps.find(
      (candidate) => candidate.command && canonical(candidate.command, page.examples) === wanted,
    );
    return { command, page: page?.path ?? null, step: step?.id ?? null };
  });
}

/** One spacing, placeholders as `{name}`, and those the page has an example for filled in. */
function canonical(command: string, examples: Record<string, string>): string {
  const slots = parameterize(command.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim());
  return String(fillTemplate({ slots }, (name) => examples[name] ?? `{${name}}`).input['slots']);
}
