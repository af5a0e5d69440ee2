import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basicToExtended } from '../../../../server/steps/commands/filters.ts';
import { linearRegExp, patternProblem } from '../../../../server/steps/linear-regexp.ts';
import { grepAlternation, literalPattern } from '../../../../server/steps/patterns.ts';

describe('literalPattern: a parameter is the text it is', () => {
  it('matches exactly the value, wherever a pattern puts it, whatever characters it holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (value) => {
        const pattern = `^<${literalPattern(value)}>$`;
        expect(linearRegExp(pattern).test(`<${value}>`)).toBe(true);
        // A JavaScript RegExp (the grep of the old engine) reads it the same way.
        expect(new RegExp(grepAlternation(pattern), 'u').test(`<${value}>`)).toBe(true);
        expect(linearRegExp(pattern).test(`<${value}x>`)).toBe(false);
      }),
    );
  });

  it('leaves no `\\|` for grep’s alternation to take', () => {
    expect(literalPattern('a|b')).toBe('a[|]b');
    expect(linearRegExp(`x${literalPattern('\\')}|y`).test('y')).toBe(true);
    expect(linearRegExp(literalPattern('a\\|b')).test('a')).toBe(false);
  });
});

describe('grep syntax', () => {
  it('reads `\\|` as alternation and keeps an escaped backslash one', () => {
    expect(grepAlternation('a\\|b')).toBe('a|b');
    expect(grepAlternation('a\\\\|b')).toBe('a\\\\|b');
  });

  it('turns grep’s basic syntax into the extended one the engine reads', () => {
    expect(basicToExtended('error\\|fail')).toBe('error|fail');
    expect(basicToExtended('a|b+c?')).toBe('a[|]b\\+c\\?');
    expect(basicToExtended('\\(ab\\)\\{2\\}')).toBe('(ab){2}');
    expect(basicToExtended('C:\\\\dir')).toBe('C:\\\\dir');
  });
});

describe('the linear-time engine', () => {
  it('finds every match, left to right, ignoring case when asked', () => {
    expect(linearRegExp('b+', true).ranges('aBbc bb')).toEqual([
      [1, 3],
      [5, 7],
    ]);
    expect(linearRegExp('x*').ranges('ab')).toEqual([]);
  });

  it('refuses what RE2 does not run, with the reason', () => {
    expect(patternProblem('(a)\\1')).toMatch(/escape/);
    expect(patternProblem('(?=a)b')).toMatch(/\(\?=/);
    expect(patternProblem('ORD-1.*error')).toBeNull();
  });
});
