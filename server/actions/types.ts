/**
 * The vocabulary shared by actions, the run pipeline, the audit trail and the browser. A leaf
 * module: it imports nothing, so anything may import it without forming a cycle.
 */

/**
 * `read` runs on click; `write` asks for confirmation with a preview;
 * `destructive` needs a typed confirmation and a reason (docs/architecture.md, "Safety model").
 */
export type Risk = 'read' | 'write' | 'destructive';

/** What a long run reports while it works: streamed to the browser as SSE `progress` events. */
export interface Progress {
  message?: string;
  done?: number;
  total?: number;
  /** Items finished since the last report (per-item results, log lines…). */
  items?: unknown[];
}

/** What a write or destructive action would do, shown before the person confirms. */
export interface Preview {
  /** One line: the exact change, e.g. "Terminate order-fulfillment-ORD-12345 (RUNNING)". */
  summary: string;
  /** The objects affected (a sample when there are many). */
  affected?: unknown[];
  /** How many objects are affected in all, when that is more than `affected` lists. */
  count?: number;
  /** Things the person should know first, e.g. that a gentler action would do. */
  warnings?: string[];
  /** Set when the action must not run as asked (e.g. over its cap); confirming does not override it. */
  blocked?: string;
  /** Any further detail: the request that would be sent, a diff… */
  details?: unknown;
}
