import { z } from 'astro/zod';

/** A value a runbook asks for once, then substitutes into every step as `{name}`. */
export const pageParameter = z.strictObject({
  /** Name used in step arguments, e.g. `orderId` for `order-fulfillment-{orderId}`. */
  name: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'use letters and digits, starting with a letter'),
  /** Label shown beside the field, e.g. "Order ID". */
  label: z.string().min(1),
  /** Shown as the field's placeholder, e.g. `ORD-12345`. */
  example: z.string().optional(),
  /** Help text under the field. */
  description: z.string().optional(),
});
export type PageParameter = z.infer<typeof pageParameter>;

/** What every runbook declares, on top of Starlight's own frontmatter (title, description…). */
export const runbookFields = z.object({
  /** One or two sentences: when to reach for this runbook. */
  summary: z.string().min(1),
  /** P0 system down … P3 minor issue (the escalation table). */
  severity: z.enum(['P0', 'P1', 'P2', 'P3']),
  /** Systems the steps act on. */
  services: z.array(z.enum(['temporal', 'kubernetes', 'mongodb'])).min(1),
  /** Team or person who keeps this runbook current. */
  owner: z.string().min(1),
  /** When someone last checked the procedure still works, e.g. 2026-01-04. */
  lastReviewed: z.coerce.date(),
  /** Version of the procedure, e.g. '1.0'. */
  version: z.union([z.string().min(1), z.number()]).transform(String),
  /** Values the page asks for once, e.g. the order ID. */
  params: z.array(pageParameter).default([]),
});
export type Runbook = z.output<typeof runbookFields>;

const required = Object.keys(runbookFields.shape).filter(
  (key) => !runbookFields.shape[key as keyof Runbook].safeParse(undefined).success,
);

/**
 * The docs collection's extension. Every entry is a runbook unless it says `kind: page` (the home
 * page, the quick reference) or is plain Markdown with no frontmatter (`kind: imported`, see
 * plain-markdown.ts): then the runbook fields are not asked for.
 */
export const runbookFrontmatter = runbookFields
  .partial()
  .extend({ kind: z.enum(['runbook', 'page', 'imported']).default('runbook') })
  .superRefine((data, ctx) => {
    if (data.kind !== 'runbook') return;
    for (const key of required) {
      if (data[key as keyof typeof data] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `required in every runbook` });
      }
    }
  });
