/**
 * `npm run audit:verify [-- --head '<published head JSON>']` (also `runsheet audit verify`):
 * checks the whole configured audit trail. Exit 0 when intact, 1 when not, 2 when it cannot be read.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { verifyTrail } from './verify-trail.ts';

try {
  process.exitCode = await verifyTrail(
    loadConfig().audit,
    (line) => process.stdout.write(`${line}\n`),
    headArgument(process.argv.slice(2)),
  );
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : `cannot read the audit trail: ${(error as Error).message}`;
  process.stderr.write(`runsheet: ${message}\n`);
  process.exitCode = 2;
}

function headArgument(words: string[]): string | undefined {
  if (words.length === 0) return undefined;
  if (words[0] === '--head' && words.length === 2) return words[1];
  if (words.length === 1 && words[0]!.startsWith('--head='))
    return words[0]!.slice('--head='.length);
  throw new Error(
    `unknown arguments ${words.join(' ')}: the only one is --head '<published head JSON>'`,
  );
}
