import { pino, type Logger } from 'pino';
import { redactSecrets } from './audit/redact.ts';
import type { Config } from './config.ts';

/** JSON logs on stdout, with every logged object redacted like the audit trail. */
export function createLogger(
  level: Config['logLevel'],
  destination?: pino.DestinationStream,
): Logger {
  const options = {
    level,
    formatters: {
      log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown>,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
