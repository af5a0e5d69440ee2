import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Targets } from '../targets/targets.ts';

/**
 * `read` runs on click; `write` asks for confirmation with a preview;
 * `destructive` needs a typed confirmation and a reason (DESIGN.md §4).
 */
export type Risk = 'read' | 'write' | 'destructive';

/** Who is running the step, as the backend established it (never as the browser claims it). */
export interface Actor {
  /** Stable identifier, e.g. `alice@example.com`; shows in Temporal's history as `runsheet:<id>`. */
  id: string;
  /** Groups from the proxy or the token, for grants to `group:<name>`. */
  groups: string[];
}

/** What a long run reports while it works: streamed to the browser as SSE `progress` events. */
export interface Progress {
  message?: string;
  done?: number;
  total?: number;
  /** Items finished since the last report (per-item results, log lines…). */
  items?: unknown[];
}

export interface ActionContext {
  targets: Targets;
  /** Aborted when the person cancels or the request goes away. */
  signal: AbortSignal;
  log: Logger;
  actor: Actor;
  /** Why the person is doing this; required for destructive actions. */
  reason: string | undefined;
  progress(update: Progress): void;
  /**
   * Facts about the run the trail keeps with its `finished` record, whatever the outcome (e.g. the
   * id of the Temporal batch job that does the work). Later notes add to earlier ones.
   */
  note(facts: Record<string, string | number | boolean>): void;
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

export interface Action<Input extends z.ZodType = z.ZodType, Result = unknown> {
  /** `<system>.<noun>.<verb>`, e.g. `temporal.workflow.describe`. Stable: audit records and runbooks name it. */
  id: string;
  /** Short label for the Run button and the audit trail. */
  title: string;
  /** One sentence: what it does and what it returns. */
  summary: string;
  risk: Risk;
  /**
   * Reads objects that belong to no namespace (nodes): policy treats it like a read across every
   * namespace, so a grant narrowed to namespaces does not cover it.
   */
  clusterWide?: boolean;
  /** The single source of truth for the input: validation, the form, the CLI parser and the API docs. */
  input: Input;
  run(ctx: ActionContext, input: z.output<Input>): Promise<Result>;
  /** For write and destructive actions: what exactly would happen, without doing it. */
  preview?(ctx: ActionContext, input: z.output<Input>): Promise<Preview>;
}

/** Exists only so each action file gets its input type inferred from its schema. */
export function defineAction<Input extends z.ZodType, Result>(
  action: Action<Input, Result>,
): Action<Input, Result> {
  return action;
}
