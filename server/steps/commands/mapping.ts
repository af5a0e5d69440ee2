/**
 * What a command maps to, before filters: an action and its arguments, or why it cannot.
 * `previewOnly`: the line asks for the change's preview and never the change (`kubectl scale …
 * --dry-run=server`): the step runs without confirming, so the action only previews.
 */
export type Mapping =
  | {
      ok: true;
      action: string;
      input: Record<string, unknown>;
      reason?: string;
      previewOnly?: true;
    }
  | { ok: false; reason: string };
