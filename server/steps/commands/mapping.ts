/** What a command maps to, before filters: an action and its arguments, or why it cannot. */
export type Mapping =
  | { ok: true; action: string; input: Record<string, unknown>; reason?: string }
  | { ok: false; reason: string };
