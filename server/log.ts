import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

/** JSON logs on stdout. Secrets in config or inputs never reach them. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    redact: {
      // A MongoDB connection string may hold a password: never log one whole.
      paths: ['*.apiKey', '*.password', '*.token', '*.uri', 'temporal.apiKey', 'mongo.uri'],
      censor: '[redacted]',
    },
  });
}
