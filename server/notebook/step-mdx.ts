import { findAction } from '../actions/registry.ts';
import type { AuditRecord } from '../audit/record.ts';
import { parseCommand } from '../steps/commands/parse.ts';

/**
 * The inputs whose values change from one incident to the next: in a runbook step they become
 * placeholders the page asks for (`<workflow-id>` in a line, `{workflowId}` in a `<Run>`).
 * Everything else (deployment names, signal names, queries) is part of the procedure and stays.
 */
const VARYING: Record<string, string> = {
  workflowId: 'workflow-id',
  runId: 'run-id',
  pod: 'pod-name',
  opId: 'op-id',
};

const camel = (kebab: string) => kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

export interface StepMdx {
  /** The lines to insert into the page. */
  lines: string[];
  /** A `<Run>` step needs the component imported on the page. */
  usesRun: boolean;
  /** The placeholders the page will ask for. */
  placeholders: string[];
}

/**
 * The runbook step for an ad-hoc run: the typed line in a fenced block when the parser maps it to
 * the same action (with placeholders for the values that vary), else a `<Run>` of the action and
 * its input. Secrets were redacted from the record, so none reach the runbook.
 */
export function stepMdx(run: AuditRecord): StepMdx {
  const action = findAction(run.action);
  const title = action?.title ?? run.action;
  const input = (run.input ?? {}) as Record<string, unknown>;
  const varying = Object.entries(input).filter(
    (entry): entry is [string, string] =>
      entry[0] in VARYING && typeof entry[1] === 'string' && entry[1].length > 0,
  );
  if (run.line) {
    const line = lineWithPlaceholders(run.line, run.action, varying);
    if (line) {
      return {
        lines: ['```bash', `# ${title}`, line.text, '```'],
        usesRun: false,
        placeholders: line.placeholders,
      };
    }
  }
  const args = Object.fromEntries(
    Object.entries(input).map(([key, value]) =>
      varying.some(([name]) => name === key) ? [key, `{${camel(VARYING[key]!)}}`] : [key, value],
    ),
  );
  return {
    lines: [
      `<Run action="${run.action}" label="${title.replace(/"/g, '&quot;')}" args={${JSON.stringify(args)}} />`,
    ],
    usesRun: true,
    placeholders: varying.map(([key]) => camel(VARYING[key]!)),
  };
}

/** The line with each varying value replaced by its placeholder, if it still maps to the action. */
function lineWithPlaceholders(
  line: string,
  action: string,
  varying: [string, string][],
): { text: string; placeholders: string[] } | null {
  const original = parseCommand(line);
  if (!original.runnable || original.action !== action) return null;
  let text = line;
  const placeholders: string[] = [];
  // Longest first, so a workflow id that holds a run id's text is replaced whole.
  for (const [key, value] of [...varying].sort((a, b) => b[1].length - a[1].length)) {
    if (value.length < 3 || !text.includes(value)) continue;
    text = text.split(value).join(`<${VARYING[key]}>`);
    placeholders.push(camel(VARYING[key]!));
  }
  const mapped = parseCommand(text);
  if (!mapped.runnable || mapped.action !== action) return { text: line, placeholders: [] };
  return { text, placeholders };
}
