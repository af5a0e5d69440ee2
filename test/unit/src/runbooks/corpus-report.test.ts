import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findAction } from '../../../../server/actions/registry.ts';
import { whyCannotRun } from '../../../../server/steps/can-run.ts';
import { coverageLines, totals } from '../../../../src/runbooks/coverage-report.ts';

const CORPUS = 'test/fixtures/corpus';
const report = (file: string) => coverageLines(file, readFileSync(`${CORPUS}/${file}`, 'utf8'));

/**
 * The corpus of third-party runbooks, as Runsheet reads it: a change that maps fewer lines, or
 * more, shows here. `withAction` counts the lines whose verb and kind Runsheet has an action for.
 */
const EXPECTED = {
  'kubectl-quick-reference.md': { lines: 51, mapped: 24, withAction: 42 },
  'kubernetes-debug-pods.md': { lines: 41, mapped: 15, withAction: 23 },
  'temporal-cli-workflow.md': { lines: 20, mapped: 13, withAction: 17 },
};

describe('the third-party corpus report', () => {
  it.each(Object.entries(EXPECTED))('%s maps as recorded, per CLI', (file, expected) => {
    const sum = totals(report(file));
    expect({ lines: sum.lines, mapped: sum.mapped, withAction: sum.withAction }).toEqual(expected);
    const cli = file.startsWith('temporal') ? 'temporal' : 'kubectl';
    expect(sum.byCli[cli]).toEqual(expected);
  });

  it('runs at least 60% of the corpus lines whose verb has an action', () => {
    const sum = totals(Object.keys(EXPECTED).flatMap(report));
    expect(sum.mapped / sum.withAction).toBeGreaterThanOrEqual(0.6);
  });

  it('gives every mapped line an input its action’s schema takes', () => {
    for (const line of Object.keys(EXPECTED).flatMap(report)) {
      if (!('action' in line)) continue;
      expect(findAction(line.action), line.text).toBeDefined();
      expect(whyCannotRun(line.action, line.args), line.text).toBeNull();
    }
  });

  it('gives every refused line a reason', () => {
    for (const line of Object.keys(EXPECTED).flatMap(report)) {
      if ('refused' in line) expect(line.refused, line.text).toMatch(/^Copy-only: .{10,}/);
    }
  });
});
