/**
 * Field names whose values are secrets, wherever they appear. Whole names only, so that data such
 * as `nextPageToken` or `secretName` stays readable.
 */
const SECRET_KEY =
  /^(.*password|passwd|passphrase|secret|client[-_]?secret|token|access[-_]?token|refresh[-_]?token|bearer|api[-_]?key|authorization|credentials?|private[-_]?key)$/i;
/** `scheme://user:password@host` → the password. */
const URI_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]+:)([^@/?#\s]+)(@)/gi;

export const REDACTED = '[redacted]';

/** A copy of `value` with every secret replaced, for the audit trail, logs and answers. */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(URI_PASSWORD, `$1${REDACTED}$3`);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? REDACTED : redactSecrets(inner),
    ]),
  );
}
