/**
 * `npm run runbooks:coverage -- file.md [more.md…] [--json]`: what Runsheet makes of every
 * temporal/kubectl/mongo command line of any Markdown file — the action and arguments it runs, or
 * why the line stays copy-only — with totals by CLI and by reason. `--json` prints one JSON object
 * per command line instead (`{"file","line","text","action","args","risk"}`, with
 * `"previewOnly": true` for a `--dry-run` line, or
 * `{"file","line","text","refused"}`), for other tools to check.
 */
import { readFileSync } from 'node:fs';
import { coverageLines, totals } from './coverage-report.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const files = args.filter((arg) => arg !== '--json');
if (files.length === 0) {
  console.error('usage: npm run runbooks:coverage -- path/to/runbook.md [more.md…] [--json]');
  process.exit(2);
}
const lines = files.flatMap((file) => coverageLines(file, readFileSync(file, 'utf8')));
if (json) {
  process.stdout.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
} else {
  const out: string[] = [];
  for (const line of lines) {
    const where = `${line.file}:${line.line}`;
    const text = line.text.replace(/\s*\\?\n\s*/g, ' ');
    out.push(
      'action' in line
        ? `✓ ${where}  ${text}\n    → ${line.action} ${JSON.stringify(line.args)} (${line.risk}${line.previewOnly ? ', dry run: preview only' : ''})`
        : `✗ ${where}  ${text}\n    ${line.refused}`,
    );
  }
  const sum = totals(lines);
  const percent = (part: number, whole: number) =>
    whole ? `${((100 * part) / whole).toFixed(1)}%` : '—';
  out.push(
    '',
    `${sum.mapped} of ${sum.lines} command lines run as steps (${percent(sum.mapped, sum.lines)}); ${sum.mapped} of the ${sum.withAction} whose verb and kind have an action (${percent(sum.mapped, sum.withAction)}).`,
  );
  for (const [cli, { lines: all, mapped, withAction }] of Object.entries(sum.byCli)) {
    out.push(
      `  ${cli}: ${mapped} of ${all} (${percent(mapped, all)}); of ${withAction} with an action: ${percent(mapped, withAction)}`,
    );
  }
  out.push('Copy-only, by reason:');
  for (const [reason, count] of Object.entries(sum.byReason).sort((a, b) => b[1] - a[1])) {
    out.push(`  ${String(count).padStart(3)}  ${reason}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
