import type { Preview } from '../actions/types.ts';

/** A preview as a person reads it in a terminal: the change, how many, a sample, warnings. */
export function formatPreview(preview: Preview): string {
  const lines = [`Would: ${preview.summary}`];
  if (preview.count !== undefined) lines.push(`Affects ${preview.count} in all.`);
  for (const item of preview.affected ?? []) lines.push(`  - ${oneLine(item)}`);
  for (const warning of preview.warnings ?? []) lines.push(`Warning: ${warning}`);
  if (preview.blocked) lines.push(`Blocked: ${preview.blocked}`);
  return lines.join('\n');
}

function oneLine(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A result as indented JSON: what the web page shows, minus the table layout. */
export function formatResult(result: unknown): string {
  return JSON.stringify(result, null, 2);
}
