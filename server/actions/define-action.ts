import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Targets } from '../targets/targets.ts';
import type { Preview, Progress, Risk } from './types.ts';

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

export interface Action<Input extends z.ZodType = z.ZodType, Result = unknown> {
  /**
   * `<system>.<object>.<operation>` (`temporal.workflow.describe`), or `mongo.<command>`
   * (`mongo.currentOp`): the grammar in docs/architecture.md. Stable: audit records and runbooks
   * name it. The file is named after it (`temporal/workflow-describe.ts`).
   */
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
