import { describe, expect, it } from 'vitest';
import {
  applyFilters,
  parseFilter,
  type OutputFilter,
} from '../../../../../server/steps/commands/filters.ts';

/** The filter a pipeline stage parses to, as the runbook line wrote it. */
const stage = (...words: string[]): OutputFilter => {
  const parsed = parseFilter(words);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.filter;
};

const log = [
  'INFO start',
  'INFO Activity completed activity=A duration 400ms',
  'DEBUG pool in_use=3',
  'ERROR ORD-12345 failed',
  'INFO Activity completed activity=B duration 90ms',
  'WARN retry',
  'INFO Activity completed activity=C duration 1840ms',
];

describe('applyFilters', () => {
  it('leaves the lines as they are without filters', () => {
    expect(applyFilters(log, [])).toEqual(log);
  });

  it('greps like grep: -i, -v, and -A/-B context with -- between groups', () => {
    expect(applyFilters(log, [stage('grep', 'error')])).toEqual([]);
    expect(applyFilters(log, [stage('grep', '-i', 'error')])).toEqual(['ERROR ORD-12345 failed']);
    expect(applyFilters(log, [stage('grep', '-v', 'INFO')])).toEqual([
      'DEBUG pool in_use=3',
      'ERROR ORD-12345 failed',
      'WARN retry',
    ]);
    expect(applyFilters(log, [stage('grep', '-A1', 'start\\|WARN')])).toEqual([
      'INFO start',
      'INFO Activity completed activity=A duration 400ms',
      '--',
      'WARN retry',
      'INFO Activity completed activity=C duration 1840ms',
    ]);
    expect(applyFilters(log, [stage('grep', '-B', '1', 'ERROR')])).toEqual([
      'DEBUG pool in_use=3',
      'ERROR ORD-12345 failed',
    ]);
  });

  it('keeps overlapping context once', () => {
    expect(applyFilters(log, [stage('grep', '-A2', 'DEBUG\\|ERROR')])).toEqual(log.slice(2, 6));
  });

  it('takes the head or the tail, and counts with wc -l', () => {
    expect(applyFilters(log, [stage('head', '-2')])).toEqual(log.slice(0, 2));
    expect(applyFilters(log, [stage('tail', '-n', '1')])).toEqual(log.slice(-1));
    expect(applyFilters(log, [stage('tail', '-0')])).toEqual([]);
    expect(applyFilters(log, [stage('grep', 'Activity'), stage('wc', '-l')])).toEqual(['3']);
    expect(applyFilters([], [stage('wc', '-l')])).toEqual(['0']);
  });

  it("runs the seed's latency pipeline: awk fields, sort -k2 -n, tail", () => {
    const filters = [
      stage('grep', 'Activity completed'),
      stage('awk', '{print $(NF-1), $NF}'),
      stage('sort', '-k2', '-n'),
      stage('tail', '-2'),
    ];
    expect(applyFilters(log, filters)).toEqual(['duration 400ms', 'duration 1840ms']);
  });

  it('sorts as text, numerically, and in reverse', () => {
    const lines = ['b 10', 'a 9', 'c 100'];
    expect(applyFilters(lines, [stage('sort')])).toEqual(['a 9', 'b 10', 'c 100']);
    expect(applyFilters(lines, [stage('sort', '-k2')])).toEqual(['b 10', 'c 100', 'a 9']);
    expect(applyFilters(lines, [stage('sort', '-k', '2', '-rn')])).toEqual([
      'c 100',
      'b 10',
      'a 9',
    ]);
  });

  it('prints fields as awk does: $1, $NF, $0, and nothing for fields past the end', () => {
    expect(applyFilters(['  a   b c '], [stage('awk', '{print $1, $NF}')])).toEqual(['a c']);
    expect(applyFilters(['a b'], [stage('awk', '{print $5, $0}')])).toEqual([' a b']);
  });
});
