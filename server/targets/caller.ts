import type { Actor } from '../auth/actor.ts';

/** Who a target call is made for, and when to give up on it: what every target's `call` needs. */
export interface Caller {
  /** Aborts the call when the person cancels or the request goes away. */
  signal: AbortSignal;
  /** Named to the target where it records callers (Temporal's `identity`); else the host is named. */
  actor?: Actor;
}
