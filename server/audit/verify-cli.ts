/**
 * `npm run audit:verify` (also `runsheet audit verify`): checks the whole configured audit trail.
 * Exit 0 when intact, 1 when not, 2 when it cannot be read.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { verifyTrail } from './verify-trail.ts';

try {
  process.exitCode = await verifyTrail(loadConfig().audit, (line) =>
    process.stdout.write(`${line}\n`),
  );
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : `cannot read the audit trail: ${(error as Error).message}`;
  process.stderr.write(`runsheet: ${message}\n`);
  process.exitCode = 2;
}
