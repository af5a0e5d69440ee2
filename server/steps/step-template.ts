/**
 * A step's arguments are a template: `{name}` in a string stands for the page parameter of that
 * name (`order-fulfillment-{orderId}`). The page fills it in the browser; in `steps: declared` mode
 * the backend fills the deployed step the same way and runs only that.
 */
const SLOT = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/** Replaces every `{name}` in the strings of `args`; lists the names that have no value. */
export function fillTemplate(
  args: Record<string, unknown>,
  valueOf: (name: string) => string | undefined,
): { input: Record<string, unknown>; missing: string[] } {
  const missing = new Set<string>();
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(SLOT, (_, name: string) => {
        const filled = valueOf(name)?.trim();
        if (!filled) missing.add(name);
        return filled ?? '';
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
    }
    return value;
  };
  return { input: fill(args) as Record<string, unknown>, missing: [...missing] };
}

/** The parameter names a template uses, in order of first use. */
export function slotsOf(args: unknown): string[] {
  return [...new Set([...JSON.stringify(args ?? null).matchAll(SLOT)].map((match) => match[1]!))];
}

/**
 * A runbook line's placeholders as slots: `<pod-name>` → `{podName}`, `$wfid` / `${wfid}` →
 * `{wfid}`. The names found are added to `found`.
 */
export function parameterize(text: string, found = new Set<string>()): string {
  const slot = (name: string) => {
    found.add(name);
    return `{${name}}`;
  };
  return text
    .replace(/<([a-z][\w-]*)>/gi, (_, name: string) =>
      slot(name.replace(/-(\w)/g, (__, c: string) => c.toUpperCase())),
    )
    .replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_, name: string) => slot(name));
}
