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
  // Only plain objects are walked: a Date, a Buffer or a driver type stays what it is.
  if (!value || typeof value !== 'object' || !isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? REDACTED : redactSecrets(inner),
    ]),
  );
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** `password=hunter2`, `token: abc`, `"apiKey": "…"` in free text: the value after a secret name. */
const TEXT_SECRET =
  /(\b(?:[a-z_-]*password|passwd|passphrase|secret|client[-_]?secret|token|access[-_]?token|refresh[-_]?token|api[-_]?key|private[-_]?key)"?\s*[:=]\s*"?)([^\s",;]+)/gi;
/** `Authorization: Bearer abc…` or a bare `Bearer abc…`. */
const BEARER = /(\bbearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi;

/**
 * Free text a person wrote (an incident note): what `redactSecrets` does for strings, plus values
 * given after a secret's name and bearer tokens, as a pasted command or log line would hold them.
 */
export function redactText(text: string): string {
  return (redactSecrets(text) as string)
    .replace(TEXT_SECRET, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`);
}
