import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

/** JSON logs on stdout. Secrets in config or inputs never reach them. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.apiKey', '*.password', '*.token', 'temporal.apiKey'],
      censor: '[redacted]',
    },
  });
}
