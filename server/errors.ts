import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Preview } from './actions/types.ts';

/**
 * Every failure a person can see. `code` is stable (the UI and tests key on it),
 * `message` says what happened, `hint` says what to do about it.
 */
export type ErrorCode =
  | 'invalid_body'
  | 'invalid_input'
  | 'unknown_action'
  | 'confirmation_required'
  | 'approval_required'
  | 'precondition_failed'
  | 'not_found'
  | 'target_unreachable'
  | 'target_not_configured'
  | 'deadline_exceeded'
  | 'cancelled'
  | 'permission_denied'
  | 'step_not_declared'
  | 'unauthenticated'
  | 'host_not_allowed'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'target_error'
  | 'not_supported'
  | 'audit_unavailable'
  | 'internal';

const statusByCode: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_body: 400,
  invalid_input: 400,
  unknown_action: 404,
  confirmation_required: 409,
  approval_required: 409,
  precondition_failed: 409,
  not_found: 404,
  target_unreachable: 503,
  target_not_configured: 503,
  deadline_exceeded: 504,
  cancelled: 499 as ContentfulStatusCode,
  permission_denied: 403,
  /** Only the deployed runbooks' steps run here, as written. */
  step_not_declared: 403,
  unauthenticated: 401,
  /** The Host header names none of this server's names (DNS rebinding, or a missing allowedHosts entry). */
  host_not_allowed: 403,
  rate_limited: 429,
  unsupported_media_type: 415,
  target_error: 502,
  /** The target answers, but this server (version, product) cannot do what the action needs. */
  not_supported: 501,
  audit_unavailable: 503,
  internal: 500,
};

export interface ActionErrorOptions {
  hint?: string | undefined;
  /** For confirmation_required: what the action would do, so the person can confirm it. */
  preview?: Preview | undefined;
  /** For approval_required: the request that waits for a second admin, to run with once approved. */
  approvalId?: string | undefined;
  actionId?: string | undefined;
  /**
   * What a run over many items did before it failed (per-item results): the person needs it to
   * know where things stand and to resume, and the trail keeps its digest.
   */
  partial?: unknown;
  cause?: unknown;
}

export class ActionError extends Error {
  override readonly name = 'ActionError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly actionId: string | undefined;
  readonly preview: Preview | undefined;
  readonly approvalId: string | undefined;
  readonly partial: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    { hint, actionId, preview, approvalId, partial, cause }: ActionErrorOptions = {},
  ) {
    super(message, { cause });
    this.code = code;
    this.hint = hint;
    this.actionId = actionId;
    this.preview = preview;
    this.approvalId = approvalId;
    this.partial = partial;
  }

  get status(): ContentfulStatusCode {
    return statusByCode[this.code];
  }

  /** The one error shape every API route answers with. Never a stack trace. */
  toBody(): ErrorBody {
    const error: ErrorBody['error'] = {
      code: this.code,
      message: this.message,
      hint: this.hint ?? null,
    };
    return {
      error: {
        ...error,
        ...(this.preview ? { preview: this.preview } : {}),
        ...(this.approvalId ? { approvalId: this.approvalId } : {}),
        ...(this.partial !== undefined ? { partial: this.partial } : {}),
      },
    };
  }
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    hint: string | null;
    preview?: Preview;
    approvalId?: string;
    partial?: unknown;
  };
}
