import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../../server/errors.ts';
import { translateTemporalError } from '../../../../server/targets/temporal-errors.ts';

const where = { address: '127.0.0.1:7233', namespace: 'default' };

/** An error as grpc-js ends a call with: a code, details and metadata. */
function grpcError(code: status, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}

const codeOf = (error: unknown) => (error as ActionError).code;

describe('translateTemporalError', () => {
  it('reports a CANCELLED call as the person cancelling, while the deadline has not passed', () => {
    expect(codeOf(translateTemporalError(grpcError(status.CANCELLED, 'Cancelled'), where))).toBe(
      'cancelled',
    );
  });

  it('reports a CANCELLED call past its deadline, that the person did not cancel, as the deadline', () => {
    const error = translateTemporalError(grpcError(status.CANCELLED, 'Call cancelled'), where, {
      deadlinePassed: true,
    });
    expect(error).toMatchObject({
      code: 'deadline_exceeded',
      message: 'Temporal at 127.0.0.1:7233 did not answer in time.',
    });
  });

  it('reports DEADLINE_EXCEEDED as the deadline', () => {
    expect(
      codeOf(
        translateTemporalError(grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), where),
      ),
    ).toBe('deadline_exceeded');
  });
});
