import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAction } from '../../../server/actions/registry.ts';
import { createGrep, grepSchema } from '../../../server/actions/kubernetes/shared/grep.ts';
import { applyFilters, type OutputFilter } from '../../../server/steps/commands/filters.ts';
import { checkDeclaredStep, loadStepManifest } from '../../../server/steps/declared-steps.ts';
import { fillTemplate } from '../../../server/steps/step-template.ts';
import { stepTags } from '../../../src/runbooks/steps-manifest.ts';

/**
 * Parameters are data, and patterns run in linear time: the classic catastrophic patterns, put in
 * every parameter of every step the built site deploys and used as grep filters, neither change
 * what a step selects nor stall the process. On a backtracking engine (JavaScript's RegExp) the
 * first of them against the lines below never finishes, and this file with it.
 */
const CATASTROPHIC = [
  '(.+)+#',
  '(a+)+$',
  '(a|aa)+$',
  '(a|a?)+$',
  '(\\w+\\s?)+$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(.*a){12}',
  '((a+)+)+b',
  '(x+x+)+y',
];
const HOSTILE_LINES = [
  `${'a'.repeat(64)}!`,
  'x'.repeat(4096),
  `${'ab '.repeat(200)}#`,
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
];

const manifest = loadStepManifest('dist');
if (!manifest) throw new Error('dist/runsheet-steps.json is missing: run `npm run build` first.');
const withParams = manifest.steps.filter((step) => step.params.length > 0);

function grepThrough(options: unknown, lines: string[]): string[] {
  const grep = createGrep<string>(grepSchema.parse(options), (line) => line);
  return lines.flatMap((line) => grep.push(line).map((hit) => hit.item));
}

describe('a catastrophic pattern in any page parameter', () => {
  it('the built site has steps with parameters, among them a log grep', () => {
    expect(withParams.length).toBeGreaterThan(10);
    expect(withParams.some((step) => JSON.stringify(step.args).includes('"pattern"'))).toBe(true);
  });

  it.each(CATASTROPHIC)('%s is refused or taken as literal text by every step', (attack) => {
    const gate = { mode: 'declared' as const, manifest };
    let literal = 0;
    for (const step of withParams) {
      const params = Object.fromEntries(step.params.map((name) => [name, attack]));
      const claim = { page: step.page, step: step.id, action: step.action, params };
      // What the page sends: the step filled by the one template code the backend checks it with.
      const { input, invalid } = fillTemplate(step.args, (name) => params[name]);
      if (invalid.length) {
        expect(() => checkDeclaredStep(gate, { ...claim, input })).toThrow(/cannot go into/);
        continue;
      }
      expect(checkDeclaredStep(gate, { ...claim, input })).toBe(manifest.version);
      const grep = (input as { grep?: { pattern: string } }).grep;
      if (!grep) continue;
      expect(findAction(step.action)!.input.safeParse(input).success).toBe(true);
      // The pattern finds the parameter's text where the runbook puts it, and nothing else.
      const written = `order ${attack} error failed ${attack}.*error`;
      expect(grepThrough(grep, [...HOSTILE_LINES, written])).toEqual([written]);
      literal++;
    }
    expect(literal).toBeGreaterThan(0);
  });
});

describe('a catastrophic grep pattern itself', () => {
  it.each(CATASTROPHIC)(
    '%s runs over hostile lines in the log grep and the page filters',
    (attack) => {
      const kept = grepThrough({ pattern: attack }, HOSTILE_LINES);
      const filter: OutputFilter = {
        kind: 'grep',
        pattern: attack,
        ignoreCase: true,
        invert: false,
        after: 1,
        before: 1,
      };
      const shown = applyFilters(HOSTILE_LINES, [filter]);
      expect(shown.filter((line) => line !== '--')).toEqual(expect.arrayContaining(kept));
    },
  );

  it('every grep filter of the built pages runs on the engine, over hostile lines', () => {
    const filters = builtFilters();
    expect(filters.length).toBeGreaterThan(5);
    for (const filter of filters) expect(() => applyFilters(HOSTILE_LINES, [filter])).not.toThrow();
  });
});

/** The grep filters of every step of the built pages (`data-filters`). */
function builtFilters(): OutputFilter[] {
  return readdirSync('dist', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .flatMap((file) => stepTags(readFileSync(join('dist', file), 'utf8')))
    .flatMap((tag) => JSON.parse(tag['data-filters'] ?? '[]') as OutputFilter[])
    .filter((filter) => filter.kind === 'grep');
}
