import { defaultPayloadConverter } from '@temporalio/client';
import type { temporal, google } from '@temporalio/proto';

/** Plain, JSON-ready views of the protobuf shapes Temporal answers with. */

type Timestamp = google.protobuf.ITimestamp | null | undefined;

export function isoTime(timestamp: Timestamp): string | null {
  if (!timestamp?.seconds && !timestamp?.nanos) return null;
  const millis = Number(timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
  return new Date(millis).toISOString();
}

export interface FailureSummary {
  message: string;
  /** ApplicationError type (e.g. `InsufficientInventory`), timeout type, or the failure kind. */
  type: string | null;
  source: string | null;
  cause: FailureSummary | null;
}

export function summarizeFailure(
  failure: temporal.api.failure.v1.IFailure | null | undefined,
): FailureSummary | null {
  if (!failure) return null;
  return {
    message: failure.message ?? '',
    type:
      failure.applicationFailureInfo?.type ??
      (failure.timeoutFailureInfo ? `Timeout:${timeoutName(failure)}` : null) ??
      (failure.canceledFailureInfo ? 'Cancelled' : null) ??
      (failure.terminatedFailureInfo ? 'Terminated' : null),
    source: failure.source || null,
    cause: summarizeFailure(failure.cause),
  };
}

function timeoutName(failure: temporal.api.failure.v1.IFailure): string {
  const names = [
    'UNSPECIFIED',
    'START_TO_CLOSE',
    'SCHEDULE_TO_START',
    'SCHEDULE_TO_CLOSE',
    'HEARTBEAT',
  ];
  return names[failure.timeoutFailureInfo?.timeoutType ?? 0] ?? 'UNKNOWN';
}

/** Decodes payloads with the default converter; a payload it cannot read is shown as its encoding. */
export function decodePayloads(
  payloads: temporal.api.common.v1.IPayloads | null | undefined,
): unknown[] {
  return (payloads?.payloads ?? []).map((payload) => {
    try {
      return defaultPayloadConverter.fromPayload(payload);
    } catch {
      const encoding = payload.metadata?.['encoding'];
      return { undecodable: encoding ? Buffer.from(encoding).toString() : 'unknown encoding' };
    }
  });
}

// Mirrors temporal.api.enums.v1.PendingActivityState; the proto package is CommonJS and only its types are imported.
const pendingActivityStates = [
  'UNSPECIFIED',
  'SCHEDULED',
  'STARTED',
  'CANCEL_REQUESTED',
  'PAUSED',
  'PAUSE_REQUESTED',
];

export function pendingActivityState(value: number | null | undefined): string {
  return pendingActivityStates[value ?? 0] ?? `UNKNOWN(${value})`;
}
