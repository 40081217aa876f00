/** Small constructors for executor outcomes, and a server failure as a reason code. */
import type { CallFailure } from '../destinations/types.js';
import { reason, type Reason, type ReasonCode } from '../plan/reasons.js';
import type { Outcome } from './types.js';

const CODE_OF_FAILURE: Record<CallFailure['kind'], ReasonCode> = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  invalid: 'refused',
  too_large: 'refused',
  rate_limited: 'rate_limited',
  server: 'server_error',
  network: 'network_error',
  bad_response: 'bad_response',
};

export function reasonOfFailure(failure: CallFailure): Reason {
  return reason(CODE_OF_FAILURE[failure.kind], failure.reason);
}

export function done(remoteId?: string | null): Outcome {
  return { status: 'done', reason: null, ...(remoteId ? { remoteId } : {}) };
}

export function failedWith(failure: CallFailure, remoteId?: string | null): Outcome {
  return { status: 'failed', reason: reasonOfFailure(failure), ...(remoteId ? { remoteId } : {}) };
}

export function outcome(status: Outcome['status'], code: ReasonCode, detail?: string | null, remoteId?: string | null): Outcome {
  return { status, reason: reason(code, detail), ...(remoteId ? { remoteId } : {}) };
}

/** Failures that say nothing about the server's state and may pass: the check is repeated on a re-run. */
export const TRANSIENT: ReadonlySet<CallFailure['kind']> = new Set(['network', 'server', 'bad_response', 'rate_limited']);
