import type { Code, Heading, PhrasingContent, TableCell } from 'mdast';
import { defineMdastPlugin, type MdastContent, type PluginFactoryContext } from 'satteri';
import { parseBlock, type BlockStep } from '../../server/steps/commands/block.ts';
import { callsTool, parseCommand } from '../../server/steps/commands/parse.ts';
import { defineStep, stepElement } from './step.ts';

/**
 * Fence languages read as shell, and a fence with no language (as Temporal's own docs write them):
 * read only when one of its lines calls a CLI Runsheet knows. A block whose meta says `copy` stays
 * as written.
 */
const SHELL = new Set(['bash', 'sh', 'shell', 'console', 'zsh', 'shell-session', '']);

/**
 * Makes a plain Markdown runbook runnable as written: each command line of a fenced shell block
 * that the command parser maps to an action becomes a Run step (its comment is the label); lines
 * it cannot map stay a copy-only code block, with the parser's reason beside them. Nothing here
 * runs anything: the step carries the action and its arguments, and the backend runs it.
 *
 * In plain Markdown, a table cell holding only a command (the seed's quick reference) becomes a
 * step too, named by its row's first cell. MDX pages place their steps themselves, so there a
 * table stays an overview.
 */
export const runnableCodeBlocks = ({ sourceFormat }: PluginFactoryContext) => {
  // A command with no comment above it is named by the heading it sits under.
  let heading: string | null = null;
  return defineMdastPlugin({
    name: 'runsheet-runnable-code-blocks',
    heading(node) {
      heading = toString(node).trim() || null;
    },
    tableRow(row, ctx) {
      if (sourceFormat !== 'markdown') return;
      const [first, ...cells] = row.children;
      for (const cell of cells) {
        const [only, ...rest] = cell.children;
        if (only?.type !== 'inlineCode' || rest.length) continue;
        const parsed = parseCommand(only.value);
        if (!parsed.runnable) continue;
        const label = first ? toString(first).trim() : null;
        ctx.replaceNode(only, toContent({ lang: 'bash' }, heading)({ label, parsed }));
      }
    },
    code(node, ctx) {
      if (!SHELL.has(node.lang ?? '') || /\bcopy\b/.test(node.meta ?? '')) return;
      const parsed = parseBlock(node.value);
      if (!parsed.some((step) => callsTool(step.parsed.command))) return;
      ctx.replaceNode(node, parsed.map(toContent(node, heading)).flat());
    },
  });
};

function toString(node: Heading | TableCell): string {
  const text = (child: PhrasingContent): string =>
    'value' in child ? child.value : 'children' in child ? child.children.map(text).join('') : '';
  return node.children.map(text).join('');
}

function toContent(block: Pick<Code, 'lang'>, heading: string | null) {
  return ({ label: comment, parsed }: BlockStep): MdastContent[] => {
    const label = comment ?? heading;
    const text = comment ? `# ${comment}\n${parsed.command}` : parsed.command;
    if (!parsed.runnable) {
      return [
        { type: 'code', lang: block.lang ?? 'bash', meta: 'copy', value: text },
        {
          type: 'paragraph',
          data: { hProperties: { className: ['rs-copy-only'] } },
          children: [{ type: 'text', value: parsed.reason }],
        },
      ];
    }
    const step = defineStep({
      action: parsed.action,
      args: parsed.input,
      label,
      command: parsed.command,
      filters: parsed.filters,
      download: parsed.download ?? null,
      reason: parsed.reason,
      previewOnly: parsed.previewOnly === true,
    });
    const { tagName, properties, children } = stepElement(step);
    return [
      {
        type: 'runsheetStep',
        data: { hName: tagName, hProperties: properties, hChildren: children },
      },
    ];
  };
}
