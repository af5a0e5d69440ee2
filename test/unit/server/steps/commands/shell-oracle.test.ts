import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import sh, { type Stmt, type Word } from 'mvdan-sh';
import { describe, expect, it } from 'vitest';
import { shellLine } from '../../../../../server/steps/commands/block.ts';
import { callsTool } from '../../../../../server/steps/commands/parse.ts';
import { tokenize } from '../../../../../server/steps/commands/tokenize.ts';
import { coverageLines } from '../../../../../src/runbooks/coverage-report.ts';

/**
 * Runsheet's own tokenizer (sync, small, with the runbook `<placeholder>` convention a shell does
 * not know) checked against a real shell parser: mvdan/sh, the Go parser behind shfmt, in its
 * JavaScript build. Where the shell sees a pipeline of plain words, Runsheet must see the same
 * words; where it sees anything more (a redirect, a chain, a substitution, a background job),
 * Runsheet must refuse the line. Expansions (`$VAR`) are left out: a shell would expand them.
 */
const { syntax } = sh;
const parser = syntax.NewParser();

type ShellReading =
  | { stages: string[][] }
  | { more: string }
  | { assigns: true }
  | { expands: true }
  | { invalid: true };

function shellReading(line: string): ShellReading {
  let file;
  try {
    file = parser.Parse(line, 'line');
  } catch {
    return { invalid: true };
  }
  if (file.Stmts.length !== 1) return { more: 'several statements' };
  const stages: string[][] = [];
  const pipeline = (stmt: Stmt): string | null => {
    if (stmt.Redirs.length) return 'a redirect';
    if (stmt.Background || stmt.Negated || stmt.Coprocess) return 'a job operator';
    const cmd = stmt.Cmd;
    const type = syntax.NodeType(cmd);
    if (type === 'BinaryCmd') {
      const op = line.slice(cmd.OpPos.Offset(), cmd.OpPos.Offset() + 2);
      if (op[0] !== '|' || op === '||' || op === '|&') return `the operator ${op}`;
      return pipeline(cmd.X) ?? pipeline(cmd.Y);
    }
    if (type !== 'CallExpr') return type;
    if (cmd.Assigns.length) throw ASSIGNS;
    stages.push(cmd.Args.map(wordOf));
    return null;
  };
  try {
    const more = pipeline(file.Stmts[0]!);
    return more ? { more } : { stages };
  } catch (expansion) {
    if (expansion === EXPANDS) return { expands: true };
    if (expansion === ASSIGNS) return { assigns: true };
    throw expansion;
  }
}

const EXPANDS = Symbol('a word the shell would expand');
const ASSIGNS = Symbol('a variable assignment before the command');

/** A word as the shell passes it to the program, when no expansion is in it. */
function wordOf(word: Word): string {
  return word.Parts.map((part) => {
    const type = syntax.NodeType(part);
    if (type === 'Lit') return part.Value.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1');
    if (type === 'SglQuoted' && !part.Dollar) return part.Value;
    if (type === 'DblQuoted' && !part.Dollar) {
      return part.Parts.map((inner) => {
        if (syntax.NodeType(inner) !== 'Lit') throw EXPANDS;
        return inner.Value.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
      }).join('');
    }
    throw EXPANDS;
  }).join('');
}

/**
 * What Runsheet reads is what the shell reads: words it accepts are the shell's words, and what
 * is more than a pipeline of words it refuses. It may refuse more than it must (`kubectl get;`),
 * which costs a step, never a wrong one; `strict` (the corpus) allows no such refusal.
 */
function expectAgreement(line: string, strict = false) {
  const shell = shellReading(line);
  // What the block reader hands the tokenizer: the line up to its comment.
  const { code, open } = shellLine(line);
  const ours = open ? { ok: false as const } : tokenize(code);
  if ('stages' in shell && (strict || ours.ok))
    expect(ours, line).toEqual({ ok: true, stages: shell.stages });
  else if ('more' in shell || 'invalid' in shell) expect(ours.ok, line).toBe(false);
  // `NAME=value cmd`: Runsheet reads `NAME=value` as the program, which no mapper takes.
  else if ('assigns' in shell && ours.ok) expect(callsTool(code), line).toBe(false);
  return shell;
}

/** Every command line of the seed and the third-party corpus, as the coverage report reads them. */
function corpusLines(): string[] {
  const files = [
    'test/fixtures/operational-runbooks.md',
    ...readdirSync('test/fixtures/corpus').map((name) => `test/fixtures/corpus/${name}`),
  ];
  return files.flatMap((file) =>
    coverageLines(file, readFileSync(file, 'utf8')).map((line) => line.text),
  );
}

// Runbook placeholders are words to Runsheet and redirects to a shell: swap them for plain words.
const withoutPlaceholders = (line: string) => line.replace(/<([\w-]+)>/g, 'PLACEHOLDER_$1');

describe('the tokenizer against a real shell parser (mvdan/sh)', () => {
  it('reads every command line of the seed and the corpus as the shell does', () => {
    const lines = corpusLines()
      .map(withoutPlaceholders)
      .filter((line) => !line.includes('\n')); // loops and heredocs: the block reader's own cases
    const readings = lines.map((line) => expectAgreement(line, true));
    const compared = readings.filter((reading) => 'stages' in reading).length;
    // Most lines are plain pipelines the comparison covers; the rest hold a `$VAR` or more.
    expect(compared).toBeGreaterThan(lines.length * 0.8);
  });

  it('agrees on generated lines of quotes, escapes, pipes and operators', () => {
    const piece = fc.constantFrom(
      'kubectl',
      'get',
      '-n',
      'wms',
      ' ',
      ' ',
      '  ',
      "'",
      '"',
      '\\',
      '\\ ',
      '|',
      '||',
      '&&',
      ';',
      '>',
      '<',
      '&',
      '$(',
      ')',
      '`',
      '$x',
      '#',
      'a b',
      "it's",
      '"x|y"',
      "'a\"b'",
      '=',
      '--tail=5',
    );
    fc.assert(
      fc.property(
        fc
          .array(piece, { minLength: 1, maxLength: 12 })
          .map((pieces) => pieces.join(''))
          // Known differences, where Runsheet does what bash does or what the author meant:
          // mvdan/sh 0.10 starts a comment at a `#` right after a closing quote (bash does not),
          // `<name>` is a runbook placeholder, and a backslash before trailing spaces is a
          // continuation to Runsheet's block reader, even before a comment.
          .filter((line) => !/["']#|<[\w-]+>/.test(line) && !/\\\s+(#.*)?$/.test(line)),
        (line) => {
          expectAgreement(line);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
