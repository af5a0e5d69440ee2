import type { ErrorCode } from '../errors.ts';

/** What `runsheet` exits with, so scripts can tell a refused step from a failed one. */
export const EXIT = {
  ok: 0,
  /** The action ran and failed, or a target could not be reached. */
  failed: 1,
  /** The command line or an input is wrong: the message says what to fix. */
  usage: 2,
  /** It needs --yes (and --reason), an approval, or its precondition did not hold: nothing changed. */
  refused: 3,
  /** Who you are is unknown, or you may not run this here. */
  denied: 4,
  /** Interrupted (Ctrl-C): the audit trail records the run as cancelled. */
  cancelled: 130,
} as const;

export function exitCodeOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_body':
    case 'invalid_input':
    case 'unknown_action':
    case 'unsupported_media_type':
      return EXIT.usage;
    case 'confirmation_required':
    case 'approval_required':
    case 'precondition_failed':
      return EXIT.refused;
    case 'unauthenticated':
    case 'permission_denied':
    case 'step_not_declared':
    case 'rate_limited':
      return EXIT.denied;
    case 'cancelled':
      return EXIT.cancelled;
    default:
      return EXIT.failed;
  }
}
