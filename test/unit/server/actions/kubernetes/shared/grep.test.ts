import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createGrep, grepSchema } from '../../../../../../server/actions/kubernetes/shared/grep.ts';
import { workerLogLines } from '../../../../../../sandbox/kubernetes/fixture-logs.ts';

const lines = workerLogLines(80);

/** What our filter keeps, printed as GNU grep prints it (`--` between groups). */
function ours(options: Record<string, unknown>): string {
  const grep = createGrep<string>(grepSchema.parse(options), (line) => line);
  const out: string[] = [];
  for (const line of lines) {
    for (const hit of grep.push(line)) {
      if (hit.gap) out.push('--');
      out.push(hit.item);
    }
  }
  return out.map((line) => `${line}\n`).join('');
}

/** The same filter by GNU grep itself (-E: extended syntax, which JavaScript's RegExp follows here). */
function gnu(args: string[]): string {
  const result = spawnSync('grep', ['-E', ...args], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
  });
  return result.stdout;
}

describe('the log grep filter keeps what grep keeps', () => {
  it.each([
    [{ pattern: 'ORD-12345.*error|ORD-12345.*failed' }, ['ORD-12345.*error|ORD-12345.*failed']],
    [{ pattern: 'panic|runtime error', after: 4 }, ['-A', '4', 'panic|runtime error']],
    [{ pattern: 'connection pool', before: 2 }, ['-B', '2', 'connection pool']],
    [{ pattern: 'pool', before: 1, after: 1 }, ['-B', '1', '-A', '1', 'pool']],
    [{ pattern: 'info', ignoreCase: true, invert: true }, ['-i', '-v', 'info']],
    [
      { pattern: 'Activity completed.*duration 1[0-9]{3}ms' },
      ['Activity completed.*duration 1[0-9]{3}ms'],
    ],
  ])('%o as grep %o', (options, args) => {
    const expected = gnu(args);
    expect(expected).not.toBe('');
    expect(ours(options)).toBe(expected);
  });

  it('reads basic grep’s \\| as alternation, as the runbooks write it', () => {
    expect(ours({ pattern: 'ORD-12345.*error\\|ORD-12345.*failed' })).toBe(
      gnu(['ORD-12345.*error|ORD-12345.*failed']),
    );
  });

  it('refuses a pattern that is not a regular expression, saying so', () => {
    const parsed = grepSchema.safeParse({ pattern: 'ORD-(12345' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'not a pattern grep runs: missing closing ): `ORD-(12345`',
    );
  });

  it('refuses what a linear-time engine cannot run (backreferences, lookaround), saying so', () => {
    const parsed = grepSchema.safeParse({ pattern: '(a)\\1' });
    expect(parsed.error?.issues[0]?.message).toBe(
      'not a pattern grep runs: invalid escape sequence: `\\1`',
    );
  });
});
