/**
 * Splits one shell command line into the words of each pipeline stage, the way a POSIX shell
 * would quote them, without ever running or expanding anything. What a safe mapping cannot
 * express (command substitution, `;`, `&&`, redirection into files…) comes back as a reason.
 */
export type Tokens = { ok: true; stages: string[][] } | { ok: false; reason: string };

// What the shell acts on: chaining outside quotes; substitution outside quotes and inside double
// quotes too (only single quotes keep `$(…)` and backticks literal).
const CHAINS = /(^|[^|])&&|\|\||;/;
const SUBSTITUTES = /\$\(|`/;

export function tokenize(line: string): Tokens {
  const stages: string[][] = [[]];
  // The text outside quotes, and the text the shell would expand (outside quotes and in "…").
  let unquoted = '';
  let expanded = '';
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  const push = () => {
    if (word !== null) stages.at(-1)!.push(word);
    word = null;
  };
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote === '"') expanded += char;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && /["\\$`]/.test(line[i + 1] ?? ''))
        word += line[++i]!;
      else word += char;
      continue;
    }
    if (char !== "'" && char !== '"' && char !== '\\') {
      unquoted += char;
      expanded += char;
    }
    if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (char === '\\') {
      // A backslash escapes the next character; at the very end it is kept, as a shell keeps it.
      word = (word ?? '') + (line[++i] ?? '\\');
    } else if (/\s/.test(char)) {
      push();
    } else if (char === '|') {
      push();
      stages.push([]);
    } else if (char === '<' && /^<[\w-]+>/.test(line.slice(i))) {
      // A `<pod-name>` placeholder, not a redirection.
      const placeholder = /^<[\w-]+>/.exec(line.slice(i))![0];
      word = (word ?? '') + placeholder;
      i += placeholder.length - 1;
    } else if (char === '>' || char === '<') {
      push();
      return { ok: false, reason: 'it redirects into or from a file' };
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote)
    return { ok: false, reason: `a ${quote === "'" ? 'single' : 'double'} quote is not closed` };
  push();
  if (SUBSTITUTES.test(expanded))
    return { ok: false, reason: 'it runs a command inside the command ($(…) or backticks)' };
  if (CHAINS.test(unquoted))
    return { ok: false, reason: 'it chains several commands (;, && or ||)' };
  if (unquoted.includes('&'))
    return { ok: false, reason: 'it runs a command in the background (&)' };
  if (/[()]/.test(unquoted))
    return { ok: false, reason: 'it uses a subshell or shell grouping: ( and ) outside quotes' };
  if (stages.some((stage) => stage.length === 0))
    return { ok: false, reason: 'a pipe has nothing on one side' };
  return { ok: true, stages };
}
